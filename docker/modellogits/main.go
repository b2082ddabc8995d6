// Command modellogits runs a Hugging Face model directory through ToolTune's decoder
// (lib/model) on the backend NewBackend picks, and writes the logits of one row of token ids
// as a NumPy .npy file [1, T, vocab] float32, so that a Python reference (transformers, see
// docker/compare_logits.py) can be compared with it element by element.
//
//	go run ./docker/modellogits -model DIR -ids 1,15043,3186 -out logits.npy
//	go run ./docker/modellogits -model DIR -seq 16 -out logits.npy -ids_out ids.json
//
// Without -ids it uses -seq ids spread over the vocabulary by a fixed formula (checkIDs) and
// can write them to -ids_out for the reference side.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/model"
)

type options struct {
	ModelDir string
	IDs      []int32 // explicit ids; empty means checkIDs(Seq, vocab)
	Seq      int
	Out      string
	IDsOut   string
}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "modellogits:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	backend, err := model.NewBackend()
	if err != nil {
		return err
	}
	defer backend.Finalize()
	m, err := model.Load(backend, o.ModelDir)
	if err != nil {
		return err
	}
	ids := o.IDs
	if len(ids) == 0 {
		ids = checkIDs(o.Seq, m.Config.VocabSize)
	}
	logits, err := m.Logits(model.Batch{Tokens: [][]int32{ids}})
	if err != nil {
		return fmt.Errorf("%s: %w", o.ModelDir, err)
	}
	if err := atomicfile.WriteFile(o.Out, npy(logits.Data, logits.Batch, logits.Seq, logits.Vocab)); err != nil {
		return err
	}
	if o.IDsOut != "" {
		data, err := json.Marshal(map[string]any{"input_ids": [][]int32{ids}})
		if err != nil {
			return err
		}
		if err := atomicfile.WriteFile(o.IDsOut, data); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "modellogits: %s on %s: logits [%d %d %d] -> %s\n",
		o.ModelDir, backend.Description(), logits.Batch, logits.Seq, logits.Vocab, o.Out)
	return nil
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	var ids string
	fs := flag.NewFlagSet("modellogits", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.ModelDir, "model", "", "Hugging Face model directory (config.json, *.safetensors)")
	fs.StringVar(&ids, "ids", "", "comma-separated token ids of the row to run")
	fs.IntVar(&o.Seq, "seq", 16, "without -ids: number of ids chosen by the fixed formula")
	fs.StringVar(&o.Out, "out", "", "the .npy file to write")
	fs.StringVar(&o.IDsOut, "ids_out", "", "optional JSON file for the ids used ({\"input_ids\": [[...]]})")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.ModelDir == "":
		return nil, errors.New("-model is required")
	case o.Out == "":
		return nil, errors.New("-out is required")
	case ids == "" && o.Seq <= 0:
		return nil, fmt.Errorf("-seq must be positive, got %d", o.Seq)
	}
	if ids != "" {
		for i, field := range strings.Split(ids, ",") {
			v, err := strconv.ParseInt(strings.TrimSpace(field), 10, 32)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("-ids: item %d (%q) is not a token id", i, field)
			}
			o.IDs = append(o.IDs, int32(v))
		}
	}
	return o, nil
}

// checkIDs returns n ids spread over [0, vocab) by a fixed stride (a prime, so that they do
// not fall into one region of the vocabulary): the same ids on every machine.
func checkIDs(n, vocab int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32((i*7919 + 13) % vocab)
	}
	return ids
}

// npy encodes float32 data of the given shape in NumPy's .npy format, version 1.0: magic,
// header length, a Python dict literal padded so that the data starts on a 64-byte boundary.
func npy(data []float32, shape ...int) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	header := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%s,), }", strings.Join(dims, ", "))
	const prefix = 10 // magic (6) + version (2) + header length (2)
	pad := 64 - (prefix+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	var buf bytes.Buffer
	buf.WriteString("\x93NUMPY\x01\x00")
	_ = binary.Write(&buf, binary.LittleEndian, uint16(len(header)))
	buf.WriteString(header)
	raw := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	buf.Write(raw)
	return buf.Bytes()
}
