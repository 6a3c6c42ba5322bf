// Package report renders findings, the coupling graph and the extraction ranking
// for people and tools: text like go vet, JSON, SARIF, GitHub workflow commands,
// Markdown, Graphviz DOT, SVG drawn by Graphviz compiled to WebAssembly, and a
// self-contained HTML page that explores the graph.
package report
