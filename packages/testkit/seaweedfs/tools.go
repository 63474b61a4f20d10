//go:build tools

// Package tools pins SeaweedFS's `weed` command so `go build github.com/seaweedfs/seaweedfs/weed`
// resolves it from this module.
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
