// Command svc is a small HTTP service with a health endpoint.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

const version = "0.4.2"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	if *showVersion {
		fmt.Printf("svc %s\n", version)
		return
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/time", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"now": time.Now().UTC().Format(time.RFC3339), "version": version})
	})

	log.Printf("svc %s listening on %s", version, *addr)
	if err := http.ListenAndServe(*addr, mux); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
