// See vault.h.
#include "app/vault.h"
