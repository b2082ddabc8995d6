// Package plots builds ToolTune's charts with go-echarts, shows them in GoNB notebooks and
// writes them as HTML, PNG and SVG files, all without network access.
//
// The builders (ScenarioMix, ToolMix, TokenLengthHistogram, LossCurves, AccuracyPerCheckpoint,
// PerToolHeatmap, ToolConfusion) take plain Go values and return go-echarts charts, so a
// notebook can adjust a chart with SetGlobalOptions before showing it.
//
// Every output carries its own copy of ECharts, read at run time from the npm package that
// scripts/fixtures installs under plots/assets (or from $TOOLTUNE_ECHARTS; see EChartsEnv): a
// notebook opened on a machine without internet, or years later, still draws its charts. The go-echarts page renderer would instead load ECharts from its AssetsHost, a CDN
// by default, and an empty AssetsHost silently means that CDN; the builders here set it to
// "./" so that even chart.Render never reaches the network.
package plots

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is any go-echarts chart (*charts.Bar, *charts.Line, *charts.Pie, *charts.HeatMap, ...).
// The size comes from the chart's opts.Initialization Width and Height.
type Chart interface {
	// Validate completes the chart's configuration before it is serialised.
	Validate()
	// JSON returns the ECharts option object.
	JSON() map[string]any
}

// Default chart size in CSS pixels, go-echarts' own default.
const (
	DefaultWidth  = 900
	DefaultHeight = 500
)

// LocalAssetsHost is the AssetsHost the builders set: go-echarts' own renderer then loads
// echarts.min.js from the page's directory instead of a CDN.
const LocalAssetsHost = "./"

// initialization is the opts.Initialization of every builder: a fixed size and local assets.
func initialization(title string, width, height int) opts.Initialization {
	return opts.Initialization{
		PageTitle:  title,
		Width:      strconv.Itoa(width) + "px",
		Height:     strconv.Itoa(height) + "px",
		AssetsHost: LocalAssetsHost,
	}
}

// baseOptions are the global options every builder sets: size, local assets, title, and
// animation (which the static exports turn off).
func baseOptions(title, subtitle string, width, height int) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(initialization(title, width, height)),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
		charts.WithAnimation(true),
	}
}

// Size returns the chart's width and height in pixels, read from its opts.Initialization.
// Sizes not given in pixels (such as "100%") fall back to DefaultWidth and DefaultHeight,
// because the static exports need a fixed canvas.
func Size(c Chart) (width, height int) {
	init, ok := field[opts.Initialization](c, "Initialization")
	if !ok {
		return DefaultWidth, DefaultHeight
	}
	return pixels(init.Width, DefaultWidth), pixels(init.Height, DefaultHeight)
}

// field returns the chart's field (promoted ones included) called name, when it is a T:
// go-echarts keeps the size and the title in embedded structs that no method returns.
func field[T any](c Chart, name string) (T, bool) {
	var zero T
	v := reflect.ValueOf(c)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return zero, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return zero, false
	}
	f := v.FieldByName(name)
	if !f.IsValid() || !f.CanInterface() {
		return zero, false
	}
	t, ok := f.Interface().(T)
	return t, ok
}

// pixels parses "640px" or "640"; anything else gives def.
func pixels(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "px"))
	if err != nil || n <= 0 {
		return def
	}
	return n
}

// Options returns the chart's ECharts option object as JSON. JavaScript functions that
// go-echarts carries as types.FuncStr appear as the strings go-echarts marks with "__f__".
func Options(c Chart) ([]byte, error) { return optionJSON(c, false) }

// optionJSON returns the chart's option object as JSON. With static set, animation is off, so
// that an image taken at once shows the final chart, and the background is white unless the
// chart sets one (an image has no page behind it).
func optionJSON(c Chart, static bool) ([]byte, error) {
	if isNil(c) {
		return nil, errNoChart()
	}
	c.Validate()
	obj := c.JSON()
	if static {
		obj["animation"] = false
		if _, ok := obj["backgroundColor"]; !ok {
			obj["backgroundColor"] = "#fff"
		}
	}
	raw, err := json.Marshal(obj) // escapes <, > and &, so the result is safe inside <script>
	if err != nil {
		return nil, fmt.Errorf("plots: encoding chart options: %w", err)
	}
	return raw, nil
}

// errNoChart is the error for a nil chart, which would otherwise panic inside go-echarts.
func errNoChart() error { return errors.New("plots: no chart (nil)") }

// isNil reports whether c is nil or a nil pointer.
func isNil(c Chart) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// funcMarker matches the quotes go-echarts puts around a JavaScript function (types.FuncStr).
func funcMarker() *regexp.Regexp { return regexp.MustCompile(`"__f__|__f__"`) }

// optionScript returns the option object (see optionJSON) as JavaScript source, with
// go-echarts' function strings turned into functions, as go-echarts' own templates do.
func optionScript(c Chart, static bool) (string, error) {
	raw, err := optionJSON(c, static)
	if err != nil {
		return "", err
	}
	return funcMarker().ReplaceAllString(string(raw), ""), nil
}

// chartTitle is the title of the chart, for page titles and image alt texts.
func chartTitle(c Chart) string {
	if t, ok := field[opts.Title](c, "Title"); ok && t.Title != "" {
		return t.Title
	}
	return "chart"
}
