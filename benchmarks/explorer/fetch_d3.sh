#!/bin/sh
# Fetch the reference widget for the explorer benchmark from npm into .cache/npm (git-ignored;
# never committed, never shipped): d3-org-chart 3.1.1 (MIT), the d3 7.9.2 it expects as a
# global (ISC) and d3-flextree 2.1.2, which its UMD build also takes from the global d3.
# `npm pack` checks each tarball against the registry's integrity hash.
set -eu
cache="$(cd "$(dirname "$0")" && pwd)/.cache/npm"
mkdir -p "$cache"
cd "$cache"
for spec in d3@7.9.2 d3-flextree@2.1.2 d3-org-chart@3.1.1; do
    name=${spec%@*}
    version=${spec##*@}
    dir="$name-$version"
    if [ -f "$dir/package/package.json" ]; then
        continue
    fi
    npm pack --silent "$spec" >/dev/null
    rm -rf "$dir.tmp" && mkdir "$dir.tmp"
    tar xzf "$dir.tgz" -C "$dir.tmp"
    grep -q "\"version\": \"$version\"" "$dir.tmp/package/package.json"
    mv "$dir.tmp" "$dir"
    echo "fetched $spec into $cache/$dir"
done
