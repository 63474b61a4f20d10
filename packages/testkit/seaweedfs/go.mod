module roster.local/seaweedfs-weed

go 1.24

require github.com/seaweedfs/seaweedfs v0.0.0-20261109003541-7506e5f91cd6

// Repeats SeaweedFS's own replace directive: replaces in a dependency's go.mod are ignored.
replace github.com/tyler-smith/go-bip39 => github.com/cosmos/go-bip39 v1.0.0
