//go:build linux && amd64

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr string
	}{
		{name: "defaults with a version", args: []string{"-version", "0.8.1"},
			want: options{Plugin: "cuda12", Version: "0.8.1", LibDir: "/usr/local/lib"}},
		{name: "cuda13 elsewhere", args: []string{"-plugin", "cuda13", "-version", "0.8.1", "-lib", "/opt/lib", "-v"},
			want: options{Plugin: "cuda13", Version: "0.8.1", LibDir: "/opt/lib", Verbose: true}},
		{name: "no version", args: nil, wantErr: "-version must name a JAX release"},
		{name: "latest", args: []string{"-version", "latest"}, wantErr: "not latest"},
		{name: "unknown plugin", args: []string{"-plugin", "rocm", "-version", "0.8.1"}, wantErr: "cuda12 or cuda13"},
		{name: "relative lib", args: []string{"-version", "0.8.1", "-lib", "lib"}, wantErr: "absolute"},
		{name: "stray argument", args: []string{"-version", "0.8.1", "now"}, wantErr: "unexpected arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFlags(tc.args, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tc.want {
				t.Errorf("options %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestCheckInstalled(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // relative path -> content
		link    bool              // nvidia/bin/ptxas as a symlink to cuda_nvcc/bin/ptxas, as installed
		wantErr string
	}{
		{name: "complete", files: map[string]string{"nvidia/pjrt_c_api_cuda_plugin.so": "elf", "nvidia/cuda_nvcc/bin/ptxas": "elf"}, link: true},
		{name: "no plugin", files: map[string]string{"nvidia/cuda_nvcc/bin/ptxas": "elf"}, link: true, wantErr: "pjrt_c_api_cuda_plugin.so"},
		{name: "dangling ptxas", files: map[string]string{"nvidia/pjrt_c_api_cuda_plugin.so": "elf"}, link: true, wantErr: "ptxas"},
		{name: "empty plugin", files: map[string]string{"nvidia/pjrt_c_api_cuda_plugin.so": "", "nvidia/cuda_nvcc/bin/ptxas": "elf"}, link: true, wantErr: "is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for rel, content := range tc.files {
				path := filepath.Join(dir, rel)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.link {
				if err := os.MkdirAll(filepath.Join(dir, "nvidia", "bin"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(dir, "nvidia", "cuda_nvcc", "bin", "ptxas"), filepath.Join(dir, "nvidia", "bin", "ptxas")); err != nil {
					t.Fatal(err)
				}
			}
			err := checkInstalled(dir, io.Discard)
			if tc.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}
