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
if(VAKSPIEGEL_SANITIZE AND VAKSPIEGEL_TSAN)
  message(FATAL_ERROR "VAKSPIEGEL_SANITIZE and VAKSPIEGEL_TSAN exclude each other "
                      "(ThreadSanitizer cannot run with AddressSanitizer): use one build directory for each.")
endif()
if(VAKSPIEGEL_SANITIZE)
  target_compile_options(vakspiegel_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(vakspiegel_options INTERFACE -fsanitize=address,undefined)
endif()
# ThreadSanitizer: the playback engine's threads (packaging/dev test runs its
# stress tests under it). FFmpeg itself is not instrumented; its own threads
# synchronise through pthreads, which TSan intercepts.
if(VAKSPIEGEL_TSAN)
  target_compile_options(vakspiegel_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(vakspiegel_options INTERFACE -fsanitize=thread)
endif()
# Debian's hardening (what dpkg-buildflags gives its packages): fortified
# libc calls, stack protection, relocations read-only and bound at start.
# Not with the sanitizers, which bring their own checks.
if(NOT VAKSPIEGEL_SANITIZE AND NOT VAKSPIEGEL_TSAN)
  target_compile_options(vakspiegel_options INTERFACE
    -fstack-protector-strong -fstack-clash-protection -fcf-protection
    $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
  target_link_options(vakspiegel_options INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()
target_compile_definitions(vakspiegel_options INTERFACE
  VAKSPIEGEL_VERSION="${PROJECT_VERSION}")
