#!/usr/bin/env bash
# Checks the Debian package that tools/package builds:
#   - its name and control fields;
#   - its files: libflamingock.so and its links, every public header, the CMake package,
#     flamingock.pc, the tool and its man page, and nothing else (no static archive);
#   - Depends: the package of every library that libflamingock.so or the tool links, and no -dev
#     package, since a shared install needs no other library's headers (flamingock.pc and the
#     CMake package name none);
#   - flamingock.pc's prefix: relative to where it lies, so the package works unpacked anywhere;
#   - the library's exported symbols: namespace flamingock only.
#
#   tests/package/check_deb.sh build/package/flamingock_<version>_<arch>.deb
set -euo pipefail
deb="$(realpath "$1")"
root="$(cd "$(dirname "$0")/../.." && pwd)"

failures=0
fail() {
  echo "check_deb: $*" >&2
  failures=$((failures + 1))
}

arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
version=$(sed -n 's/^project(flamingock VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
soversion=${version%.*}
libdir=usr/lib/$multiarch

[[ "$(basename "$deb")" == "flamingock_${version}_${arch}.deb" ]] || fail "unexpected file name $deb"
for field in Package=flamingock Version="$version" Architecture="$arch"; do
  actual=$(dpkg-deb -f "$deb" "${field%%=*}")
  [[ "$actual" == "${field#*=}" ]] || fail "${field%%=*} is '$actual', expected '${field#*=}'"
done

# The files, exactly.
expected=$(
  {
    echo usr/bin/flamingock
    echo usr/share/man/man1/flamingock.1.gz
    echo "$libdir/libflamingock.so"
    echo "$libdir/libflamingock.so.$soversion"
    echo "$libdir/libflamingock.so.$version"
    echo "$libdir/pkgconfig/flamingock.pc"
    for file in flamingockConfig flamingockConfigVersion flamingockTargets flamingockTargets-release; do
      echo "$libdir/cmake/flamingock/$file.cmake"
    done
    (cd "$root/include" && find flamingock -name '*.h' | sed 's|^|usr/include/|')
  } | sort
)
actual=$(dpkg-deb -c "$deb" | awk '$6 !~ /\/$/ { sub(/^\.\//, "", $6); print $6 }' | sort)
if [[ "$actual" != "$expected" ]]; then
  fail "files differ from the expected ones (< expected, > in the package):"
  diff <(echo "$expected") <(echo "$actual") >&2 || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
elves=("$work/usr/bin/flamingock" "$work/$libdir/libflamingock.so.$version")

# Depends: every library linked, by the package that ships it here.
depends=$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/[[:space:]]//g' | sort -u)
needed=$(for elf in "${elves[@]}"; do objdump -p "$elf" | awk '$1 == "NEEDED" { print $2 }'; done |
  grep -v '^libflamingock\.so' | sort -u)
for library in libcurl.so libcrypto.so libyaml-cpp.so libz.so; do
  grep -q "^$library" <<<"$needed" || fail "libflamingock.so does not link $library"
done
for soname in $needed; do
  package=$(dpkg -S "*/$multiarch/$soname" 2>/dev/null | head -n 1 | cut -d: -f1)
  if [[ -z "$package" ]]; then
    fail "no installed package ships $soname"
  elif ! grep -qx "$package" <<<"$depends"; then
    fail "Depends lacks $package (for $soname): $(dpkg-deb -f "$deb" Depends)"
  fi
done
if grep -q -- '-dev$' <<<"$depends"; then
  fail "Depends names a -dev package: $(dpkg-deb -f "$deb" Depends)"
fi
grep -q '^Requires' "$work/$libdir/pkgconfig/flamingock.pc" &&
  fail "flamingock.pc requires other packages"
grep -qx 'prefix=${pcfiledir}/\(\.\./\)*\.\.' "$work/$libdir/pkgconfig/flamingock.pc" ||
  fail "flamingock.pc's prefix is not relative to where it lies: $(grep '^prefix=' \
    "$work/$libdir/pkgconfig/flamingock.pc")"
grep -q 'flamingock_dependency IN ITEMS )' "$work/$libdir/cmake/flamingock/flamingockConfig.cmake" ||
  fail "flamingockConfig.cmake looks for other packages"

# Exported symbols: the library's own namespace only (yaml-cpp, nlohmann-json and CLI11 inside).
foreign=$(nm -D --defined-only -C "$work/$libdir/libflamingock.so.$version" |
  awk '{ $1 = ""; $2 = ""; print }' | grep -v 'flamingock::' || true)
[[ -z "$foreign" ]] || fail "symbols outside namespace flamingock exported: $(head -n 5 <<<"$foreign")"

# The man page: help2man's, from the tool's --help, naming its commands and its version.
page=$(zcat "$work/usr/share/man/man1/flamingock.1.gz" 2>/dev/null || true)
for text in '^\.TH FLAMINGOCK "1"' 'help2man' 'audit' "flamingock $version"; do
  grep -q "$text" <<<"$page" || fail "the man page lacks '$text'"
done

if ((failures)); then
  echo "check_deb: $failures check(s) failed for $deb" >&2
  exit 1
fi
echo "check_deb: $(basename "$deb"): files, Depends ($(dpkg-deb -f "$deb" Depends)), symbols and man page as expected"
