package main

// A second, independent reading of a LabLedger evidence bundle (format version 2), written from
// docs/audit.md ("Evidence bundles") with Go's sumdb/note for the checkpoint and sumdb/tlog's
// RecordHash and NodeHash for the tree: the chain hash of every event recomputed from its
// fields, every group's batch proof folded to the signed root, and the end line's seal over
// every line but the event lines. It checks less than `labledger verify --bundle`: not the
// period, the party's streams, the group size or each event line's canonical bytes.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type manifestLine struct {
	Type     string `json:"type"`
	Format   string `json:"format"`
	Version  int    `json:"version"`
	Origin   string `json:"origin"`
	TreeSize int64  `json:"treeSize"`
	RootHash string `json:"rootHash"`
	Events   int64  `json:"events"`
}

type eventLine struct {
	Type             string `json:"type"`
	LogIndex         int64  `json:"logIndex"`
	EventID          string `json:"eventId"`
	Stream           string `json:"stream"`
	Version          int64  `json:"version"`
	EventType        string `json:"eventType"`
	SchemaVersion    int64  `json:"schemaVersion"`
	Data             string `json:"data"`
	Metadata         string `json:"metadata"`
	OccurredAtMicros int64  `json:"occurredAtMicros"`
	RecordedAtMicros int64  `json:"recordedAtMicros"`
	PreviousHash     string `json:"previousHash"`
	Hash             string `json:"hash"`
}

type proofLine struct {
	Type   string      `json:"type"`
	Events int         `json:"events"`
	Hashes []tlog.Hash `json:"hashes"`
}

type endLine struct {
	Type   string `json:"type"`
	Events int64  `json:"events"`
	SHA256 string `json:"sha256"`
}

type leaf struct {
	index int64
	hash  tlog.Hash
}

// chainHash is SHA-256(previous hash ‖ each field as "<UTF-8 length>:<text>").
func chainHash(e eventLine, previous []byte) []byte {
	h := sha256.New()
	h.Write(previous)
	for _, field := range []string{
		e.Stream, strconv.FormatInt(e.Version, 10), e.EventID, e.EventType, strconv.FormatInt(e.SchemaVersion, 10),
		e.Data, e.Metadata, strconv.FormatInt(e.OccurredAtMicros, 10),
	} {
		h.Write([]byte(strconv.Itoa(len(field)) + ":" + field))
	}
	return h.Sum(nil)
}

// groupRoot walks RFC 9162's tree over [lo, hi): a range without a leaf of the group takes the
// proof's next hash, a range of one leaf is that leaf, any other is split at the largest power
// of two below its size.
func groupRoot(lo, hi int64, leaves []leaf, proof []tlog.Hash, next *int) (tlog.Hash, error) {
	if len(leaves) == 0 {
		if *next >= len(proof) {
			return tlog.Hash{}, errors.New("the proof has too few hashes")
		}
		*next++
		return proof[*next-1], nil
	}
	if hi-lo == 1 {
		return leaves[0].hash, nil
	}
	k := int64(1)
	for k*2 < hi-lo {
		k *= 2
	}
	split := 0
	for split < len(leaves) && leaves[split].index < lo+k {
		split++
	}
	left, err := groupRoot(lo, lo+k, leaves[:split], proof, next)
	if err != nil {
		return tlog.Hash{}, err
	}
	right, err := groupRoot(lo+k, hi, leaves[split:], proof, next)
	if err != nil {
		return tlog.Hash{}, err
	}
	return tlog.NodeHash(left, right), nil
}

// checkBundle returns the number of events proved, or the first problem.
func checkBundle(path, verifierKey string) (int64, int, error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer file.Close()
	verifier, err := note.NewVerifier(verifierKey)
	if err != nil {
		return 0, 0, fmt.Errorf("verifier key: %v", err)
	}
	reader := bufio.NewReaderSize(file, 1<<20)
	seal := sha256.New()
	var manifest manifestLine
	var root tlog.Hash
	var group []leaf
	var proved int64
	groups := 0
	lastIndex := int64(-1)
	for number := 1; ; number++ {
		line, err := reader.ReadBytes('\n')
		if err == io.EOF {
			if len(line) > 0 {
				return proved, groups, fmt.Errorf("line %d is cut off", number)
			}
			return proved, groups, errors.New("no end line")
		}
		if err != nil {
			return proved, groups, err
		}
		fail := func(format string, args ...interface{}) (int64, int, error) {
			return proved, groups, fmt.Errorf("line %d: %s", number, fmt.Sprintf(format, args...))
		}
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(line, &kind); err != nil {
			return fail("not JSON: %v", err)
		}
		if kind.Type == "end" {
			if number <= 3 {
				return fail("an end line before the manifest, checkpoint and key lines")
			}
			var end endLine
			if err := json.Unmarshal(line, &end); err != nil {
				return fail("%v", err)
			}
			if hex.EncodeToString(seal.Sum(nil)) != end.SHA256 {
				return fail("the seal does not match the bytes before it")
			}
			if len(group) > 0 {
				return fail("%d events are followed by no proof line", len(group))
			}
			if end.Events != proved || manifest.Events != proved {
				return fail("%d events proved; the end line counts %d and the manifest %d", proved, end.Events, manifest.Events)
			}
			if _, err := reader.ReadByte(); err != io.EOF {
				return fail("bytes after the end line")
			}
			return proved, groups, nil
		}
		// Version 2 seals every line but the event lines, which their group's proof covers.
		if kind.Type != "event" {
			seal.Write(line)
		}
		switch {
		case number == 1:
			if err := json.Unmarshal(line, &manifest); err != nil || manifest.Type != "manifest" || manifest.Format != "labledger-evidence-bundle" {
				return fail("not a bundle manifest")
			}
			if manifest.Version != 2 {
				return fail("format version %d; this checker reads version 2", manifest.Version)
			}
		case number == 2:
			var checkpoint struct {
				Type string `json:"type"`
				Note string `json:"note"`
			}
			if err := json.Unmarshal(line, &checkpoint); err != nil || checkpoint.Type != "checkpoint" {
				return fail("not the checkpoint line")
			}
			signed, err := note.Open([]byte(checkpoint.Note), note.VerifierList(verifier))
			if err != nil {
				return fail("the checkpoint does not verify with the key given: %v", err)
			}
			origin, size, signedRoot, err := parseCheckpoint(signed.Text)
			if err != nil {
				return fail("%v", err)
			}
			if origin != manifest.Origin || size != manifest.TreeSize || signedRoot.String() != manifest.RootHash {
				return fail("the signed checkpoint names another tree than the manifest")
			}
			root = signedRoot
		case number == 3:
			if kind.Type != "key" {
				return fail("not the key line")
			}
		case kind.Type == "event":
			var e eventLine
			if err := json.Unmarshal(line, &e); err != nil {
				return fail("%v", err)
			}
			if e.LogIndex <= lastIndex || e.LogIndex >= manifest.TreeSize {
				return fail("log index %d out of order or outside the tree", e.LogIndex)
			}
			lastIndex = e.LogIndex
			previous, err1 := hex.DecodeString(e.PreviousHash)
			hash, err2 := hex.DecodeString(e.Hash)
			if err1 != nil || err2 != nil || len(previous) != 32 || len(hash) != 32 {
				return fail("malformed hashes")
			}
			if !bytes.Equal(chainHash(e, previous), hash) {
				return fail("event %s: its hash does not match its fields", e.EventID)
			}
			data := make([]byte, 40)
			copy(data, hash)
			binary.BigEndian.PutUint64(data[32:], uint64(e.RecordedAtMicros))
			group = append(group, leaf{e.LogIndex, tlog.RecordHash(data)})
		case kind.Type == "proof":
			var p proofLine
			if err := json.Unmarshal(line, &p); err != nil {
				return fail("%v", err)
			}
			if p.Events != len(group) || len(group) == 0 {
				return fail("the proof line covers %d events; %d precede it", p.Events, len(group))
			}
			next := 0
			got, err := groupRoot(0, manifest.TreeSize, group, p.Hashes, &next)
			if err != nil {
				return fail("%v", err)
			}
			if next != len(p.Hashes) {
				return fail("the proof has %d hashes too many", len(p.Hashes)-next)
			}
			if got != root {
				return fail("the group's leaves and proof give root %v, the checkpoint signs %v", got, root)
			}
			proved += int64(len(group))
			groups++
			group = group[:0]
		default:
			return fail("unexpected line type %q", kind.Type)
		}
	}
}

func bundleMain(path, verifierKey string) {
	events, groups, err := checkBundle(path, verifierKey)
	if err != nil {
		fmt.Printf("FAIL bundle %s: %v\n", path, err)
		os.Exit(1)
	}
	fmt.Printf("ok   bundle: %d events in %d groups proved against the signed checkpoint\n", events, groups)
}
