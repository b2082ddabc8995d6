package pipeline

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
)

// TestPrepareDataKeepsAnExistingFile: when only one of the two files exists, PrepareData
// generates the other and leaves the existing one byte for byte as it was, unless told to
// regenerate.
func TestPrepareDataKeepsAnExistingFile(t *testing.T) {
	own, err := datagen.Generate(datagen.Config{NumExamples: 3, Seed: 99, Split: datagen.SplitHeldout})
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []string{"heldout", "train"} {
		t.Run(keep, func(t *testing.T) {
			dir := t.TempDir()
			cfg := DataConfig{TrainPath: filepath.Join(dir, "train.json"), HeldoutPath: filepath.Join(dir, "mine.json"), NumTrain: 8, NumHeldout: 5, Seed: 1}
			kept := cfg.HeldoutPath
			if keep == "train" {
				kept = cfg.TrainPath
			}
			if err := dataset.Save(kept, own); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(kept)
			var log bytes.Buffer
			d, err := PrepareData(cfg, &log)
			if err != nil {
				t.Fatal(err)
			}
			after, _ := os.ReadFile(kept)
			if !bytes.Equal(before, after) {
				t.Errorf("%s was rewritten", kept)
			}
			loaded, generated := d.Heldout, d.Train
			if keep == "train" {
				loaded, generated = d.Train, d.Heldout
			}
			if len(loaded) != 3 || !d.Generated {
				t.Errorf("loaded %d examples (want the 3 of the file), Generated %v", len(loaded), d.Generated)
			}
			if want := map[string]int{"heldout": 8, "train": 5}[keep]; len(generated) != want {
				t.Errorf("generated %d examples, want %d", len(generated), want)
			}
			if !strings.Contains(log.String(), "Loaded 3 ") || !strings.Contains(log.String(), "Generated ") {
				t.Errorf("log does not say what was loaded and generated:\n%s", log.String())
			}

			cfg.Regenerate = true
			if _, err := PrepareData(cfg, io.Discard); err != nil {
				t.Fatal(err)
			}
			if again, _ := os.ReadFile(kept); bytes.Equal(before, again) {
				t.Errorf("Regenerate left %s as it was", kept)
			}
		})
	}
}
