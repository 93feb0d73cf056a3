//! A streaming printer of graphviz-rust's DOT AST: the bytes of its `DotPrinter` with the default
//! `PrinterContext`, written into a `Write` as they are made.
//!
//! graphviz-rust's printer returns a new `String` at every level (attribute, list, statement,
//! graph) and joins them; for a million claims that was gigabytes of copying and the whole text
//! held in memory. This printer follows the same rules — two spaces of indent per level, statements
//! one per line, `[a=b c=d]` attribute lists, `->` in digraphs, edges of up to 90 bytes reprinted
//! on one line — and the tests compare it with graphviz-rust's on every kind of statement.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, GraphAttributes, Id, Node, NodeId, Port, Stmt, Subgraph, Vertex,
};

/// graphviz-rust's defaults: the indent step, and how long an edge may be to be reprinted inline.
const INDENT_STEP: usize = 2;
const INLINE_SIZE: usize = 90;

/// Prints statements of one digraph into `out`.
pub struct Printer<W> {
    out: W,
    /// Spaces before a statement.
    indent: usize,
    /// Inside an edge reprinted on one line: no line breaks, no indent.
    inline: bool,
    digraph: bool,
    /// No statement printed yet at this level (statements are separated, not terminated).
    first: bool,
}

impl<W> Printer<W> {
    /// A printer at the same place, writing into `out`: for printing statements elsewhere (on
    /// another core) and appending them with [`Printer::append`]. `first` says whether its first
    /// statement is the first of the graph.
    pub fn fork<V>(&self, out: V, first: bool) -> Printer<V> {
        Printer {
            out,
            indent: self.indent,
            inline: self.inline,
            digraph: self.digraph,
            first: first && self.first,
        }
    }

    /// The writer, for a fork whose statements are done.
    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Printer<W> {
    /// Starts `digraph ID {`; [`Printer::finish`] closes it.
    pub fn digraph(mut out: W, id: &Id) -> io::Result<Self> {
        out.write_all(b"digraph ")?;
        write_id(&mut out, id)?;
        out.write_all(b" {\n")?;
        Ok(Printer {
            out,
            indent: INDENT_STEP,
            inline: false,
            digraph: true,
            first: true,
        })
    }

    /// Appends what a [`Printer::fork`] printed.
    pub fn append(&mut self, printed: &[u8]) -> io::Result<()> {
        if !printed.is_empty() {
            self.first = false;
        }
        self.out.write_all(printed)
    }

    /// Closes the graph (without a final line break, like graphviz-rust) and gives back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n}")?;
        Ok(self.out)
    }

    fn line_break(&mut self) -> io::Result<()> {
        if self.inline { Ok(()) } else { self.out.write_all(b"\n") }
    }

    fn write_indent(&mut self, indent: usize) -> io::Result<()> {
        if self.inline {
            return Ok(());
        }
        const SPACES: &[u8] = &[b' '; 64];
        let mut left = indent;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn grow(&mut self) {
        if !self.inline {
            self.indent += INDENT_STEP;
        }
    }

    fn shrink(&mut self) {
        if !self.inline {
            self.indent -= INDENT_STEP;
        }
    }

    /// One statement, on its own line.
    pub fn stmt(&mut self, stmt: &Stmt) -> io::Result<()> {
        if !self.first {
            self.line_break()?;
        }
        self.first = false;
        self.write_indent(self.indent)?;
        match stmt {
            Stmt::Node(node) => self.node(node),
            Stmt::Subgraph(subgraph) => self.subgraph(subgraph),
            Stmt::Attribute(attribute) => self.attribute(attribute),
            Stmt::GAttribute(attributes) => {
                let (keyword, list): (&[u8], _) = match attributes {
                    GraphAttributes::Graph(list) => (b"graph", list),
                    GraphAttributes::Node(list) => (b"node", list),
                    GraphAttributes::Edge(list) => (b"edge", list),
                };
                self.out.write_all(keyword)?;
                self.attributes(list)
            }
            Stmt::Edge(edge) => self.edge(edge),
        }
    }

    fn node(&mut self, node: &Node) -> io::Result<()> {
        self.node_id(&node.id)?;
        self.attributes(&node.attributes)
    }

    fn node_id(&mut self, NodeId(id, port): &NodeId) -> io::Result<()> {
        write_id(&mut self.out, id)?;
        match port {
            None => Ok(()),
            Some(Port(id, direction)) => {
                if let Some(id) = id {
                    self.out.write_all(b":")?;
                    write_id(&mut self.out, id)?;
                }
                match direction {
                    Some(direction) => write!(self.out, ":{direction}"),
                    None if id.is_some() => Ok(()),
                    // graphviz-rust refuses a port with neither part the same way.
                    None => unreachable!("a port without id or direction"),
                }
            }
        }
    }

    fn attribute(&mut self, Attribute(key, value): &Attribute) -> io::Result<()> {
        write_id(&mut self.out, key)?;
        self.out.write_all(b"=")?;
        write_id(&mut self.out, value)
    }

    /// `[a=b c=d]`, or nothing for no attributes.
    fn attributes(&mut self, attributes: &[Attribute]) -> io::Result<()> {
        if attributes.is_empty() {
            return Ok(());
        }
        self.out.write_all(b"[")?;
        for (index, attribute) in attributes.iter().enumerate() {
            if index > 0 {
                self.out.write_all(b" ")?;
            }
            self.attribute(attribute)?;
        }
        self.out.write_all(b"]")
    }

    fn subgraph(&mut self, subgraph: &Subgraph) -> io::Result<()> {
        let outer = if self.inline { 0 } else { self.indent };
        self.grow();
        self.out.write_all(b"subgraph ")?;
        write_id(&mut self.out, &subgraph.id)?;
        self.out.write_all(b" {")?;
        self.line_break()?;
        let first = std::mem::replace(&mut self.first, true);
        for stmt in &subgraph.stmts {
            self.stmt(stmt)?;
        }
        self.first = first;
        self.line_break()?;
        self.write_indent(outer)?;
        self.out.write_all(b"}")?;
        self.shrink();
        Ok(())
    }

    fn vertex(&mut self, vertex: &Vertex) -> io::Result<()> {
        match vertex {
            Vertex::N(id) => self.node_id(id),
            Vertex::S(subgraph) => self.subgraph(subgraph),
        }
    }

    /// graphviz-rust prints an edge, and prints it again on one line when the first try is at
    /// most 90 bytes. Only a subgraph among its ends prints differently on one line, so other
    /// edges are written directly.
    fn edge(&mut self, edge: &Edge) -> io::Result<()> {
        let is_subgraph = |vertex: &Vertex| matches!(vertex, Vertex::S(_));
        let nested = match &edge.ty {
            EdgeTy::Pair(from, to) => is_subgraph(from) || is_subgraph(to),
            EdgeTy::Chain(vertices) => vertices.iter().any(is_subgraph),
        };
        if !nested || self.inline {
            return self.edge_body(edge);
        }
        let mut trial = self.fork(Vec::new(), false);
        trial.edge_body(edge)?;
        if trial.out.len() <= INLINE_SIZE {
            trial.out.clear();
            trial.inline = true;
            trial.edge_body(edge)?;
        }
        self.out.write_all(&trial.out)
    }

    fn edge_body(&mut self, edge: &Edge) -> io::Result<()> {
        let bond: &[u8] = if self.digraph { b" -> " } else { b" -- " };
        match &edge.ty {
            EdgeTy::Pair(from, to) => {
                self.vertex(from)?;
                self.out.write_all(bond)?;
                self.vertex(to)?;
                if !edge.attributes.is_empty() {
                    self.out.write_all(b" ")?;
                }
            }
            EdgeTy::Chain(vertices) => {
                let (head, rest) = vertices.split_first().expect("an edge chain has vertices");
                self.vertex(head)?;
                for vertex in rest {
                    self.out.write_all(bond)?;
                    self.vertex(vertex)?;
                }
            }
        }
        self.attributes(&edge.attributes)
    }
}

/// Ids are printed verbatim (quoting is the caller's); an anonymous one prints as nothing.
fn write_id<W: Write>(out: &mut W, id: &Id) -> io::Result<()> {
    match id {
        Id::Html(text) | Id::Escaped(text) | Id::Plain(text) => out.write_all(text.as_bytes()),
        Id::Anonymous(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use graphviz_rust::dot_structures::Graph;
    use graphviz_rust::printer::{DotPrinter, PrinterContext};

    use super::*;

    fn id(text: &str) -> Id {
        Id::Plain(text.to_string())
    }

    fn attr(key: &str, value: &str) -> Attribute {
        Attribute(id(key), Id::Escaped(format!("\"{value}\"")))
    }

    fn node_id(name: &str) -> Vertex {
        Vertex::N(NodeId(id(name), None))
    }

    fn graphviz_rust_bytes(stmts: &[Stmt]) -> String {
        Graph::DiGraph {
            id: Id::Escaped("\"g\"".to_string()),
            strict: false,
            stmts: stmts.to_vec(),
        }
        .print(&mut PrinterContext::default())
    }

    fn our_bytes(stmts: &[Stmt]) -> String {
        let mut printer = Printer::digraph(Vec::new(), &Id::Escaped("\"g\"".to_string())).unwrap();
        for stmt in stmts {
            printer.stmt(stmt).unwrap();
        }
        String::from_utf8(printer.finish().unwrap()).unwrap()
    }

    /// Every kind of statement, id and port, nested subgraphs, and edges with subgraph ends both
    /// short enough to go on one line and too long for it.
    fn every_kind() -> Vec<Stmt> {
        let short = Subgraph {
            id: id("s"),
            stmts: vec![Stmt::Node(Node::new(NodeId(id("x"), None), vec![]))],
        };
        let long = Subgraph {
            id: Id::Anonymous(String::new()),
            stmts: vec![
                Stmt::Node(Node::new(
                    NodeId(id("y"), None),
                    vec![attr("label", &"long ".repeat(20))],
                )),
                Stmt::Subgraph(short.clone()),
            ],
        };
        let inner = Subgraph {
            id: Id::Escaped("\"cluster:inner\"".to_string()),
            stmts: vec![
                Stmt::Attribute(attr("label", "inner")),
                Stmt::Node(Node::new(
                    NodeId(id("deep"), Some(Port(Some(id("p")), Some("ne".into())))),
                    vec![],
                )),
                Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::S(short.clone()), node_id("z")),
                    attributes: vec![],
                }),
            ],
        };
        vec![
            Stmt::Attribute(attr("label", "title")),
            Stmt::GAttribute(GraphAttributes::Graph(vec![attr("a", "1")])),
            Stmt::GAttribute(GraphAttributes::Node(vec![attr("a", "1"), attr("b", "2")])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![])),
            Stmt::Node(Node::new(NodeId(id("plain"), None), vec![])),
            Stmt::Node(Node::new(
                NodeId(id("ported"), Some(Port(None, Some("s".into())))),
                vec![
                    attr("label", "Kazakhstan"),
                    Attribute(id("label"), Id::Html("<<b>x</b>>".into())),
                ],
            )),
            Stmt::Node(Node::new(NodeId(id("named"), Some(Port(Some(id("p")), None))), vec![])),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(node_id("a"), node_id("b")),
                attributes: vec![],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(node_id("a"), node_id("b")),
                attributes: vec![attr("label", "supports ×2"), attr("tooltip", &"long ".repeat(40))],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![node_id("a"), node_id("b"), node_id("c")]),
                attributes: vec![attr("color", "red")],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::S(short.clone()), node_id("b")),
                attributes: vec![attr("k", "v")],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![node_id("a"), Vertex::S(long.clone()), node_id("c")]),
                attributes: vec![],
            }),
            Stmt::Subgraph(Subgraph {
                id: id("empty"),
                stmts: vec![],
            }),
            Stmt::Subgraph(Subgraph {
                id: Id::Escaped("\"cluster:outer\"".to_string()),
                stmts: vec![
                    Stmt::Subgraph(inner),
                    Stmt::Node(Node::new(NodeId(id("after"), None), vec![])),
                ],
            }),
        ]
    }

    #[test]
    fn prints_what_graphviz_rust_prints() {
        let stmts = every_kind();
        assert_eq!(our_bytes(&stmts), graphviz_rust_bytes(&stmts));
        for stmt in &stmts {
            let one = std::slice::from_ref(stmt);
            assert_eq!(our_bytes(one), graphviz_rust_bytes(one), "{stmt:?}");
        }
        assert_eq!(our_bytes(&[]), graphviz_rust_bytes(&[]));
    }

    #[test]
    fn forks_append_in_place() {
        let stmts = every_kind();
        let mut printer = Printer::digraph(Vec::new(), &Id::Escaped("\"g\"".to_string())).unwrap();
        for (index, chunk) in stmts.chunks(3).enumerate() {
            let mut fork = printer.fork(Vec::new(), index == 0);
            for stmt in chunk {
                fork.stmt(stmt).unwrap();
            }
            printer.append(&fork.into_inner()).unwrap();
        }
        let printed = String::from_utf8(printer.finish().unwrap()).unwrap();
        assert_eq!(printed, graphviz_rust_bytes(&stmts));
    }
}
