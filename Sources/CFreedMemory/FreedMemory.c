#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "CFreedMemory.h"

int labledger_release_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
