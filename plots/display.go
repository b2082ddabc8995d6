package plots

import (
	"errors"
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// Display shows the chart as the output of the running GoNB notebook cell (see NotebookHTML):
// interactive where the notebook runs scripts (Notebook 6 or JupyterLab, once trusted), a
// static SVG image where it does not (untrusted, or rendered by nbconvert/GitHub). It fails
// outside a GoNB kernel and when the kernel cannot be reached.
func Display(c Chart) error {
	if !gonbui.IsNotebook {
		return errors.New("plots: Display: not running in a GoNB notebook (use SaveHTML, SavePNG or SaveSVG)")
	}
	fragment, err := NotebookHTML(c)
	if err != nil {
		return err
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  fragment,
		protocol.MIMETextPlain: chartTitle(c),
	}})
	if err := gonbui.Error(); err != nil {
		return fmt.Errorf("plots: Display: %w", err)
	}
	return nil
}
