package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"

	"github.com/embassy-project/embassy/server/httpapi"
)

// reportsCommand lists the visitors' reports nobody has handled, through the server.
type reportsCommand struct{}

func (reportsCommand) Name() string { return "reports" }

func (reportsCommand) Summary() string {
	return "the visitors' open reports, with the last lines said (-json)"
}

func (reportsCommand) Where() where { return viaServer }

func (reportsCommand) Run(e *env, args []string) error {
	const use = "reports [-json] [flags]"
	fs, af := serverCommand(e, "reports", use,
		"Lists the reports visitors filed that nobody has handled yet, oldest first, each with the",
		"last chat lines of the person reported.")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	_, c, err := af.parse(e, fs, args, 0, 0, use)
	if err != nil {
		return err
	}
	var out httpapi.ReportsJSON
	if err := c.call(http.MethodGet, "/api/reports", nil, nil, &out); err != nil {
		return err
	}
	switch {
	case *asJSON:
		return writeJSON(e.Stdout, out.Reports)
	case len(out.Reports) == 0:
		fmt.Fprintln(e.Stdout, "no open reports")
		return nil
	}
	return writeReports(e.Stdout, out.Reports)
}

func writeReports(w io.Writer, reports []httpapi.ReportJSON) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tBY\tABOUT\tROOM\tREASON\tLAST LINES")
	for _, r := range reports {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, when(r.Created), r.Reporter, person(r.TargetID, r.Target, ""),
			dash(r.Room), oneLine(r.Reason), oneLine(strings.Join(r.Lines, " / ")))
	}
	return tw.Flush()
}
