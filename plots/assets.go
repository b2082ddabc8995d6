package plots

import _ "embed"

// echartsJS is the ECharts library (see assets/README.md), inlined into every HTML output and
// handed to the browser and to node for the image exports.
//
//go:embed assets/echarts.min.js
var echartsJS string

// EChartsVersion is the version of the embedded ECharts library.
const EChartsVersion = "6.1.0"
