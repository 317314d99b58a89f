package session

import (
	"bytes"
	"image"
	"io/fs"
	"strings"

	"github.com/embassy-project/embassy/shared/world"
)

// Exhibit is the exhibit or information text you are reading. Blocks, Image and Err are filled in
// when the files have loaded (Loaded).
type Exhibit struct {
	Zone   *world.Zone
	Loaded bool
	Blocks []Block
	Image  image.Image // nil when the exhibit has none or it failed to load
	Err    string      // why the text could not be loaded, in words
}

// loadExhibit reads an exhibit's text and picture.
func loadExhibit(files fs.FS, z *world.Zone) *Exhibit {
	ex := &Exhibit{Zone: z, Loaded: true}
	b, err := fs.ReadFile(files, z.TextFile)
	if err != nil {
		ex.Err = "This exhibit's text could not be loaded."
	} else {
		ex.Blocks = ParseExhibit(string(b))
	}
	if z.Image != "" {
		if ib, err := fs.ReadFile(files, z.Image); err == nil {
			if img, _, err := image.Decode(bytes.NewReader(ib)); err == nil {
				ex.Image = img
			}
		}
	}
	return ex
}

// Block is one paragraph of an exhibit text: a heading, a bullet or body text.
type Block struct {
	Kind BlockKind
	Text string
}

// BlockKind says how a Block is set.
type BlockKind int

// The kinds of text block.
const (
	BlockBody BlockKind = iota
	BlockHeading
	BlockBullet
)

// ParseExhibit splits exhibit text (Markdown-ish: "# Title", "## Heading", "- bullet", paragraphs
// separated by blank lines) into blocks. The first "# " line is dropped: the panel shows the title.
func ParseExhibit(src string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: BlockBody, Text: strings.Join(para, " ")})
			para = nil
		}
	}
	titleSeen := false
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "# ") && !titleSeen:
			flush()
			titleSeen = true
		case strings.HasPrefix(t, "#"):
			flush()
			out = append(out, Block{Kind: BlockHeading, Text: strings.TrimSpace(strings.TrimLeft(t, "#"))})
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			flush()
			out = append(out, Block{Kind: BlockBullet, Text: strings.TrimSpace(t[2:])})
		default:
			para = append(para, strings.ReplaceAll(strings.ReplaceAll(t, "**", ""), "__", ""))
		}
	}
	flush()
	return out
}
