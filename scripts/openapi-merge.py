#!/usr/bin/env python3
"""Development aid while several people add operations at once: moves every fragment in
api/fragments/<area>.{paths,parameters,schemas}.yaml into Sources/LabLedgerAPI/openapi.yaml
(before the `# @paths`, `  headers:` and `# @schemas` markers), validates the result and
deletes the fragments. Holds a lock so concurrent merges do not lose each other's edits."""
import fcntl, glob, os, sys
import yaml
from openapi_spec_validator import validate

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec_path = os.path.join(root, "Sources/LabLedgerAPI/openapi.yaml")
with open("/tmp/labledger-openapi.lock", "w") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    spec = open(spec_path).read()
    original = spec
    used = []
    for path in sorted(glob.glob(os.path.join(root, "api/fragments/*.yaml"))):
        text = open(path).read().rstrip("\n") + "\n"
        if path.endswith(".paths.yaml"):
            spec = spec.replace("# @paths\n", text + "# @paths\n", 1)
        elif path.endswith(".parameters.yaml"):
            spec = spec.replace("  headers:\n    ETag:", text + "  headers:\n    ETag:", 1)
        elif path.endswith(".schemas.yaml"):
            spec = spec.replace("# @schemas\n", text + "# @schemas\n", 1)
        else:
            sys.exit(f"unknown fragment kind: {path}")
        used.append(path)
    try:
        document = yaml.safe_load(spec)
        validate(document)
        ops = [op.get("operationId") for p in document["paths"].values() for op in p.values() if isinstance(op, dict)]
        dupes = {o for o in ops if ops.count(o) > 1}
        if dupes:
            raise ValueError(f"duplicate operationIds: {dupes}")
    except Exception as error:
        sys.exit(f"NOT merged, the fragments make the spec invalid: {error}")
    with open(spec_path, "w") as out:
        out.write(spec)
    for path in used:
        os.remove(path)
    print(f"merged {len(used)} fragment(s)")
