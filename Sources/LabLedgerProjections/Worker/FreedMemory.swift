import CFreedMemory

/// Gives the system back the heap the allocator kept once a rebuild is swapped in, or once the
/// live tables have caught up after pages of a rebuild's size. Those pages (up to 50,000 events
/// per projection) are freed when they are applied, but glibc keeps the freed pages of its
/// arenas, and the live pages that follow are far smaller: a `work` process that had rebuilt
/// 1,000,000 events stayed at 641–852 MiB for as long as it ran (bench/README.md, "The workers'
/// memory, found"). Swift's Glibc module does not declare `malloc_trim`, hence the C target.
enum FreedMemory {
    static func release() {
        _ = labledger_release_freed_memory()
    }
}
