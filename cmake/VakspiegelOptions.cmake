# The one INTERFACE target that carries the language standard, warnings and
# sanitizer flags. Every project target links vakspiegel::options.
add_library(vakspiegel_options INTERFACE)
add_library(vakspiegel::options ALIAS vakspiegel_options)
target_compile_features(vakspiegel_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(vakspiegel_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wimplicit-fallthrough -Wformat=2)
if(VAKSPIEGEL_WERROR)
  target_compile_options(vakspiegel_options INTERFACE -Werror)
endif()
if(VAKSPIEGEL_SANITIZE)
  target_compile_options(vakspiegel_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(vakspiegel_options INTERFACE -fsanitize=address,undefined)
endif()
target_compile_definitions(vakspiegel_options INTERFACE
  VAKSPIEGEL_VERSION="${PROJECT_VERSION}")
