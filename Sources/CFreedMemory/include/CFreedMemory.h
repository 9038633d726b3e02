#ifndef C_FREED_MEMORY_H
#define C_FREED_MEMORY_H

/// Returns to the system the heap pages the C library's allocator holds free: 1 when glibc's
/// `malloc_trim` released some, 0 when it released none or the C library is not glibc.
int labledger_release_freed_memory(void);

#endif
