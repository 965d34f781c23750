"""Charts (and later maps) as SVG: data in, SVG markup out, no knowledge of pages."""
