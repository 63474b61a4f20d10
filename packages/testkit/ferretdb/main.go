// Command ferretdb-embedded runs FerretDB v1 on SQLite through its embeddable
// package. A plain `go install .../cmd/ferretdb` panics at start-up (FerretDB
// issue #2982) because the main module is FerretDB's own; wrapping the
// embeddable package avoids that check.
//
// Usage: ferretdb-embedded -listen 127.0.0.1:0 -dir /abs/data/dir [-sync normal|full]
// Prints exactly one line "READY mongodb://host:port/" on stdout once listening,
// then runs until SIGINT/SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dir := flag.String("dir", "", "directory for the SQLite files (created if missing)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	// SQLite's `synchronous` in WAL mode: `normal` syncs the log at checkpoints, not at every
	// commit (a process crash loses nothing, a power loss may lose the last commits, as a
	// standalone MongoDB's 100 ms journal interval may); `full` syncs every commit.
	sync := flag.String("sync", "normal", "SQLite synchronous mode in WAL: normal or full")
	flag.Parse()

	if *dir == "" {
		fail("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err.Error())
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail(err.Error())
	}

	if *sync != "normal" && *sync != "full" {
		fail("bad -sync: " + *sync + " (normal or full)")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: " + err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(" + *sync + ")",
		Logger:    logger,
	})
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(done)
	}()

	fmt.Printf("READY %s\n", f.MongoDBURI())
	<-done
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb-embedded: "+msg)
	os.Exit(2)
}
