#!/usr/bin/env bash
# Restores the pinned Cake tool and runs build.cake. Arguments go to Cake, for example --target=Test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet tool restore
dotnet cake build.cake "$@"
