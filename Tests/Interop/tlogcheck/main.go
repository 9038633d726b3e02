// Command tlogcheck checks LabLedger's transparency log output with code LabLedger did not
// write: Go's golang.org/x/mod/sumdb/note (C2SP signed notes) and golang.org/x/mod/sumdb/tlog
// (RFC 6962 Merkle trees, proofs). It reads a JSON file of cases written by LabLedger's tests
// (TransparencyLogTests, GoInteropTests) and prints one line per check: "ok" when Go accepts a
// case marked valid or rejects a case marked invalid, "FAIL" otherwise. It exits 1 on any FAIL.
// `tlogcheck bundle FILE KEY` checks an evidence bundle instead (bundle.go).
//
// Go recomputes every tree root itself from the leaf data, so a case passes only when
// LabLedger's leaf hashing, tree, proofs and signatures all agree with Go's.
//
// Build without modules against Debian's golang-golang-x-mod-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o tlogcheck .
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpointCase struct {
	Label string `json:"label"`
	Valid bool   `json:"valid"`
	Note  string `json:"note"`
}

type inclusionCase struct {
	Label    string      `json:"label"`
	Valid    bool        `json:"valid"`
	Index    int64       `json:"index"`
	TreeSize int64       `json:"treeSize"`
	Proof    []tlog.Hash `json:"proof"`
}

type consistencyCase struct {
	Label string      `json:"label"`
	Valid bool        `json:"valid"`
	From  int64       `json:"from"`
	To    int64       `json:"to"`
	Proof []tlog.Hash `json:"proof"`
}

type caseFile struct {
	VerifierKey string            `json:"verifierKey"`
	Origin      string            `json:"origin"`
	Leaves      [][]byte          `json:"leaves"` // base64 in JSON: each leaf's data
	Checkpoints []checkpointCase  `json:"checkpoints"`
	Inclusion   []inclusionCase   `json:"inclusion"`
	Consistency []consistencyCase `json:"consistency"`
}

// tree holds every stored hash of the leaves, as tlog's server side keeps them.
type tree struct {
	stored []tlog.Hash
	size   int64
}

func (t *tree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(t.stored)) {
			return nil, fmt.Errorf("no stored hash %d", x)
		}
		out[i] = t.stored[x]
	}
	return out, nil
}

func buildTree(leaves [][]byte) (*tree, error) {
	t := &tree{}
	for i, data := range leaves {
		hashes, err := tlog.StoredHashes(int64(i), data, t)
		if err != nil {
			return nil, err
		}
		t.stored = append(t.stored, hashes...)
		t.size++
	}
	return t, nil
}

func (t *tree) root(size int64) (tlog.Hash, error) {
	if size < 0 || size > t.size {
		return tlog.Hash{}, fmt.Errorf("size %d outside 0...%d", size, t.size)
	}
	return tlog.TreeHash(size, t)
}

// parseCheckpoint reads a C2SP tlog-checkpoint body. tlog.ParseTree only accepts the
// sumdb's own origin line ("go.sum database tree"), so the three lines are read here.
func parseCheckpoint(text string) (origin string, size int64, root tlog.Hash, err error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return "", 0, tlog.Hash{}, errors.New("checkpoint body is not at least three lines")
	}
	origin = strings.TrimSuffix(lines[0], "\n")
	sizeText := strings.TrimSuffix(lines[1], "\n")
	size, err = strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		return "", 0, tlog.Hash{}, fmt.Errorf("bad tree size %q", sizeText)
	}
	root, err = tlog.ParseHash(strings.TrimSuffix(lines[2], "\n"))
	if err != nil {
		return "", 0, tlog.Hash{}, err
	}
	return origin, size, root, nil
}

func equalProofs(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "bundle" {
		bundleMain(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tlogcheck cases.json | tlogcheck bundle FILE VERIFIER-KEY")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var cases caseFile
	if err := json.Unmarshal(raw, &cases); err != nil {
		fmt.Fprintln(os.Stderr, "bad case file:", err)
		os.Exit(2)
	}
	t, err := buildTree(cases.Leaves)
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the tree:", err)
		os.Exit(2)
	}

	failed, total := 0, 0
	report := func(kind, label string, valid bool, problem error) {
		total++
		switch {
		case valid && problem == nil:
			fmt.Printf("ok   %s %s: accepted\n", kind, label)
		case !valid && problem != nil:
			fmt.Printf("ok   %s %s: rejected as it must be (%v)\n", kind, label, problem)
		case valid:
			failed++
			fmt.Printf("FAIL %s %s: rejected: %v\n", kind, label, problem)
		default:
			failed++
			fmt.Printf("FAIL %s %s: accepted, but it was tampered with\n", kind, label)
		}
	}

	verifier, err := note.NewVerifier(cases.VerifierKey)
	if err != nil {
		fmt.Printf("FAIL verifier key %q: %v\n", cases.VerifierKey, err)
		os.Exit(1)
	}
	fmt.Printf("ok   verifier key %s parsed (key ID %08x)\n", verifier.Name(), verifier.KeyHash())

	for _, c := range cases.Checkpoints {
		report("checkpoint", c.Label, c.Valid, func() error {
			n, err := note.Open([]byte(c.Note), note.VerifierList(verifier))
			if err != nil {
				return err
			}
			origin, size, root, err := parseCheckpoint(n.Text)
			if err != nil {
				return err
			}
			if origin != cases.Origin {
				return fmt.Errorf("origin %q, want %q", origin, cases.Origin)
			}
			want, err := t.root(size)
			if err != nil {
				return err
			}
			if root != want {
				return fmt.Errorf("signed root %v of size %d, Go computes %v", root, size, want)
			}
			return nil
		}())
	}

	for _, c := range cases.Inclusion {
		report("inclusion", c.Label, c.Valid, func() error {
			if c.Index < 0 || c.Index >= t.size {
				return fmt.Errorf("no leaf %d", c.Index)
			}
			root, err := t.root(c.TreeSize)
			if err != nil {
				return err
			}
			if err := tlog.CheckRecord(c.Proof, c.TreeSize, root, c.Index, tlog.RecordHash(cases.Leaves[c.Index])); err != nil {
				return err
			}
			// Go's own proof must be the same hashes: there is only one RFC 6962 audit path.
			own, err := tlog.ProveRecord(c.TreeSize, c.Index, t)
			if err != nil {
				return err
			}
			if !equalProofs(own, c.Proof) {
				return errors.New("verifies, but differs from tlog.ProveRecord's proof")
			}
			return nil
		}())
	}

	for _, c := range cases.Consistency {
		report("consistency", c.Label, c.Valid, func() error {
			oldRoot, err := t.root(c.From)
			if err != nil {
				return err
			}
			newRoot, err := t.root(c.To)
			if err != nil {
				return err
			}
			if err := tlog.CheckTree(c.Proof, c.To, newRoot, c.From, oldRoot); err != nil {
				return err
			}
			own, err := tlog.ProveTree(c.To, c.From, t)
			if err != nil {
				return err
			}
			if !equalProofs(own, c.Proof) {
				return errors.New("verifies, but differs from tlog.ProveTree's proof")
			}
			return nil
		}())
	}

	fmt.Printf("tlogcheck: %d checks over %d leaves, %d failed\n", total, t.size, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
