//! Reachability: who lies within a few hops of an actor, and the shortest chains of claims
//! between two actors. Edges count both ways for reaching (Latvia and Russia meet at exercises
//! one refused and the other opposed), but every hop keeps the direction of its claims.

use std::collections::HashMap;

use petgraph::algo::dijkstra;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::UndirectedAdaptor;

use super::claims::{ClaimGroup, group_edges};
use super::model::{ActorGraph, Edge};
use crate::extract::NodeInfo;

/// Hops from `from` to every node it reaches, edges taken both ways (at most `max_depth`).
pub fn hops_from(graph: &ActorGraph, from: NodeIndex, max_depth: Option<usize>) -> HashMap<NodeIndex, usize> {
    match max_depth {
        // Unbounded: petgraph's Dijkstra with every edge one hop long.
        None => dijkstra(UndirectedAdaptor(&graph.graph), from, None, |_| 1usize)
            .into_iter()
            .collect(),
        // Bounded: a breadth-first walk that stops at the depth, not at the component's edge.
        Some(depth) => {
            let mut hops = HashMap::from([(from, 0)]);
            let mut frontier = vec![from];
            for level in 1..=depth {
                let mut next = Vec::new();
                for node in frontier {
                    for neighbour in graph.graph.neighbors_undirected(node) {
                        if let std::collections::hash_map::Entry::Vacant(slot) = hops.entry(neighbour) {
                            slot.insert(level);
                            next.push(neighbour);
                        }
                    }
                }
                frontier = next;
            }
            hops
        }
    }
}

/// Every edge between two nodes, either way, in edge order.
fn edges_between(graph: &ActorGraph, a: NodeIndex, b: NodeIndex) -> Vec<&Edge> {
    let mut edges: Vec<(petgraph::stable_graph::EdgeIndex, &Edge)> = Vec::new();
    for (x, y) in [(a, b), (b, a)] {
        for edge in graph.graph.edges_connecting(x, y) {
            use petgraph::visit::EdgeRef;
            edges.push((edge.id(), edge.weight()));
        }
    }
    edges.sort_by_key(|(index, _)| *index);
    edges.dedup_by_key(|(index, _)| *index);
    edges.into_iter().map(|(_, e)| e).collect()
}

/// A node within reach, and the claims that link it to the nodes one hop nearer.
#[derive(Debug, Clone)]
pub struct Neighbour<'g> {
    pub node: &'g NodeInfo,
    pub depth: usize,
    pub via: Vec<ClaimGroup<'g>>,
}

/// The nodes within `depth` hops of `from`, nearest first, then by label.
pub fn neighbours(graph: &ActorGraph, from: NodeIndex, depth: usize) -> Vec<Neighbour<'_>> {
    let hops = hops_from(graph, from, Some(depth));
    let mut found: Vec<Neighbour> = hops
        .iter()
        .filter(|(_, d)| **d > 0)
        .map(|(&node, &d)| {
            let mut nearer: Vec<NodeIndex> = graph
                .graph
                .neighbors_undirected(node)
                .filter(|n| hops.get(n) == Some(&(d - 1)))
                .collect();
            nearer.sort();
            nearer.dedup();
            let edges = nearer.into_iter().flat_map(|n| edges_between(graph, n, node));
            Neighbour {
                node: &graph.graph[node],
                depth: d,
                via: group_edges(graph, edges),
            }
        })
        .collect();
    found.sort_by(|a, b| (a.depth, &a.node.label, &a.node.id).cmp(&(b.depth, &b.node.label, &b.node.id)));
    found
}

/// One step of a path: the claims between two actors, whichever way each points.
#[derive(Debug, Clone)]
pub struct Hop<'g> {
    pub from: &'g NodeInfo,
    pub to: &'g NodeInfo,
    pub claims: Vec<ClaimGroup<'g>>,
}

/// The shortest paths from `from` to `to` (at most `limit`, in order of the labels along them),
/// each as its hops. Empty when `to` is out of reach; a path of no hops when they are the same.
pub fn shortest_paths(graph: &ActorGraph, from: NodeIndex, to: NodeIndex, limit: usize) -> Vec<Vec<Hop<'_>>> {
    let hops = hops_from(graph, from, None);
    if !hops.contains_key(&to) || limit == 0 {
        return Vec::new();
    }
    // Walk back from `to` through nodes one hop nearer each time.
    let mut paths: Vec<Vec<NodeIndex>> = Vec::new();
    let mut stack: Vec<Vec<NodeIndex>> = vec![vec![to]];
    while let Some(partial) = stack.pop() {
        let Some(&last) = partial.last() else { continue };
        let Some(&distance) = hops.get(&last) else { continue };
        if distance == 0 {
            let mut path = partial;
            path.reverse();
            paths.push(path);
            if paths.len() == limit {
                break;
            }
            continue;
        }
        let mut nearer: Vec<NodeIndex> = graph
            .graph
            .neighbors_undirected(last)
            .filter(|n| hops.get(n) == Some(&(distance - 1)))
            .collect();
        nearer.sort();
        nearer.dedup();
        // Pushed in reverse label order so that the first label is walked first.
        nearer.sort_by(|a, b| graph.graph[*b].label.cmp(&graph.graph[*a].label));
        for node in nearer {
            let mut longer = partial.clone();
            longer.push(node);
            stack.push(longer);
        }
    }
    paths
        .into_iter()
        .map(|path| {
            path.windows(2)
                .map(|pair| Hop {
                    from: &graph.graph[pair[0]],
                    to: &graph.graph[pair[1]],
                    claims: group_edges(graph, edges_between(graph, pair[0], pair[1])),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    fn graph() -> ActorGraph {
        GraphBuilder::new()
            .country("LVA", "Latvia", &[])
            .country("EST", "Estonia", &[])
            .country("RUS", "Russia", &[])
            .country("GEO", "Georgia", &[])
            .country("USA", "United States", &[])
            .event("longbow", "Cooperative Longbow 09", &[])
            .organization("NATO", "NATO", &[])
            .claim("LVA", "refuses", "longbow", "a4", "2009-05")
            .claim("EST", "refuses", "longbow", "a4", "2009-05")
            .claim("RUS", "opposes", "longbow", "a0", "2009-04")
            .claim("LVA", "member_of", "NATO", "a5", "2009")
            .claim("RUS", "threatens", "NATO", "a0", "2009-04")
            .claim("RUS", "fights", "GEO", "a0", "2008-08")
            .country("KGZ", "Kyrgyzstan", &[])
            .claim("USA", "visits", "KGZ", "a6", "2009")
            .build()
    }

    fn index(graph: &ActorGraph, id: &str) -> NodeIndex {
        graph.index[id]
    }

    #[test]
    fn every_shortest_path_keeps_each_hops_direction() {
        let graph = graph();
        let paths = shortest_paths(&graph, index(&graph, "LVA"), index(&graph, "RUS"), 10);
        let described: Vec<Vec<String>> = paths
            .iter()
            .map(|path| {
                path.iter()
                    .map(|hop| {
                        let claim = &hop.claims[0];
                        format!("{} {} {}", claim.source, claim.describe(), claim.target)
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            described,
            [
                ["LVA refuses longbow", "RUS opposes longbow"],
                ["LVA member_of NATO", "RUS threatens NATO"],
            ]
        );
        assert_eq!(
            shortest_paths(&graph, index(&graph, "LVA"), index(&graph, "RUS"), 1).len(),
            1
        );
    }

    #[test]
    fn an_actor_out_of_reach_has_no_path() {
        let graph = graph();
        assert!(shortest_paths(&graph, index(&graph, "LVA"), index(&graph, "USA"), 10).is_empty());
        let same = shortest_paths(&graph, index(&graph, "LVA"), index(&graph, "LVA"), 10);
        assert_eq!(same.len(), 1);
        assert!(same[0].is_empty());
    }

    #[test]
    fn neighbours_come_nearest_first_with_the_claims_that_reach_them() {
        let graph = graph();
        let found = neighbours(&graph, index(&graph, "GEO"), 2);
        let seen: Vec<(usize, &str, usize)> = found
            .iter()
            .map(|n| (n.depth, n.node.id.as_str(), n.via.len()))
            .collect();
        assert_eq!(seen, [(1, "RUS", 1), (2, "longbow", 1), (2, "NATO", 1)]);
    }
}
