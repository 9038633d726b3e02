import Testing
import TransparencyLog

@Suite struct ProofVerifierTests {
    static let leaves = distinctLeaves(65)
    static let store = SubtreeStore(leaves: leaves)
    /// roots[n]: the root of the first n leaves, from the frontier as the sequencer keeps it.
    static let roots: [LogHash] = {
        var frontier = LogFrontier()
        var roots = [frontier.root]
        for leaf in leaves {
            frontier.append(leaf)
            roots.append(frontier.root)
        }
        return roots
    }()

    @Test func everyInclusionProofUpTo64VerifiesAgainstTheFrontiersRoot() throws {
        for size in 1...64 {
            for index in 0..<size {
                let proof = try Self.store.inclusionProof(leafIndex: Int64(index), treeSize: Int64(size))
                #expect(ProofVerifier.verifyInclusion(
                    leafHash: Self.leaves[index], leafIndex: Int64(index), treeSize: Int64(size), proof: proof, root: Self.roots[size]),
                    "leaf \(index) of \(size)")
            }
        }
    }

    @Test func inclusionFailsForAnotherLeafIndexSizeOrRoot() throws {
        for size in 1...64 {
            for index in 0..<size {
                let proof = try Self.store.inclusionProof(leafIndex: Int64(index), treeSize: Int64(size))
                func verifies(leaf: LogHash = Self.leaves[index], at: Int = index, size claimed: Int = size, proof: [LogHash] = proof) -> Bool {
                    ProofVerifier.verifyInclusion(leafHash: leaf, leafIndex: Int64(at), treeSize: Int64(claimed), proof: proof, root: Self.roots[claimed])
                }
                #expect(!verifies(leaf: Self.leaves[index].flipped()), "changed leaf \(index) of \(size)")
                #expect(!verifies(leaf: Self.leaves[64]), "a leaf not in the tree at \(index) of \(size)")
                for other in 0..<size where other != index {
                    #expect(!verifies(at: other), "leaf \(index) claimed at \(other) of \(size)")
                }
                for other in [size - 1, size + 1] where other >= 1 && other != size && other > index {
                    #expect(!verifies(size: other), "leaf \(index) of \(size) claimed in \(other)")
                }
                for position in proof.indices {
                    var tampered = proof
                    tampered[position] = tampered[position].flipped(byte: position % 32)
                    #expect(!verifies(proof: tampered), "hash \(position) changed, leaf \(index) of \(size)")
                }
                if !proof.isEmpty { #expect(!verifies(proof: Array(proof.dropLast())), "truncated, leaf \(index) of \(size)") }
                #expect(!verifies(proof: proof + [Self.leaves[0]]), "extended, leaf \(index) of \(size)")
            }
        }
    }

    @Test func inclusionFailsForImpossibleIndices() {
        #expect(ProofVerifier.rootFromInclusion(leafHash: Self.leaves[0], leafIndex: 3, treeSize: 3, proof: []) == nil)
        #expect(ProofVerifier.rootFromInclusion(leafHash: Self.leaves[0], leafIndex: -1, treeSize: 3, proof: []) == nil)
        #expect(ProofVerifier.rootFromInclusion(leafHash: Self.leaves[0], leafIndex: 0, treeSize: 0, proof: []) == nil)
        // A one-leaf tree's root is the leaf itself.
        #expect(ProofVerifier.rootFromInclusion(leafHash: Self.leaves[0], leafIndex: 0, treeSize: 1, proof: []) == Self.leaves[0])
    }

    @Test func everyConsistencyProofUpTo64Verifies() throws {
        for to in 1...64 {
            for from in 1...to {
                let proof = try Self.store.consistencyProof(from: Int64(from), to: Int64(to))
                #expect(ProofVerifier.verifyConsistency(
                    from: Int64(from), to: Int64(to), proof: proof, oldRoot: Self.roots[from], newRoot: Self.roots[to]),
                    "\(from) to \(to)")
            }
        }
    }

    @Test func consistencyFailsWhenAProofHashRootOrSizeChanges() throws {
        for to in 1...64 {
            for from in 1...to {
                let proof = try Self.store.consistencyProof(from: Int64(from), to: Int64(to))
                func verifies(from m: Int = from, to n: Int = to, proof: [LogHash] = proof,
                              oldRoot: LogHash? = nil, newRoot: LogHash? = nil) -> Bool {
                    ProofVerifier.verifyConsistency(from: Int64(m), to: Int64(n), proof: proof,
                                                    oldRoot: oldRoot ?? Self.roots[m], newRoot: newRoot ?? Self.roots[n])
                }
                for position in proof.indices {
                    var tampered = proof
                    tampered[position] = tampered[position].flipped(byte: (position * 7) % 32)
                    #expect(!verifies(proof: tampered), "hash \(position) changed, \(from) to \(to)")
                }
                #expect(!verifies(oldRoot: Self.roots[from].flipped()), "old root changed, \(from) to \(to)")
                #expect(!verifies(newRoot: Self.roots[to].flipped()), "new root changed, \(from) to \(to)")
                if from < to {
                    // Different sizes always need hashes.
                    #expect(!verifies(proof: []), "empty proof, \(from) to \(to)")
                    #expect(!verifies(proof: Array(proof.dropLast())), "truncated, \(from) to \(to)")
                    #expect(!verifies(proof: proof + [Self.leaves[0]]), "extended, \(from) to \(to)")
                    for other in [from - 1, from + 1] where other >= 1 && other < to {
                        #expect(!verifies(from: other), "\(from) to \(to) claimed from \(other)")
                    }
                }
                if to < 64 { #expect(!verifies(to: to + 1), "\(from) to \(to) claimed to \(to + 1)") }
            }
        }
    }

    @Test func aTreeIsConsistentWithItselfOnlyWithTheEmptyProofAndEqualRoots() {
        #expect(ProofVerifier.verifyConsistency(from: 5, to: 5, proof: [], oldRoot: Self.roots[5], newRoot: Self.roots[5]))
        #expect(!ProofVerifier.verifyConsistency(from: 5, to: 5, proof: [], oldRoot: Self.roots[5], newRoot: Self.roots[6]))
        #expect(!ProofVerifier.verifyConsistency(from: 5, to: 5, proof: [Self.leaves[0]], oldRoot: Self.roots[5], newRoot: Self.roots[5]))
    }

    @Test func consistencyFromTheEmptyTreeOrBackwardsNeverVerifies() {
        #expect(!ProofVerifier.verifyConsistency(from: 0, to: 5, proof: [], oldRoot: Self.roots[0], newRoot: Self.roots[5]))
        #expect(!ProofVerifier.verifyConsistency(from: 6, to: 5, proof: [], oldRoot: Self.roots[6], newRoot: Self.roots[5]))
        #expect(!ProofVerifier.verifyConsistency(from: 3, to: 5, proof: [], oldRoot: Self.roots[3], newRoot: Self.roots[5]))
    }
}
