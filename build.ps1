# Restores the pinned Cake tool and runs build.cake. Arguments go to Cake, for example --target=Test.
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
dotnet tool restore
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build.cake @args
exit $LASTEXITCODE
