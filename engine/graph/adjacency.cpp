#include "graph/adjacency.h"

namespace kgq {

// Boost's compressed_sparse_row_graph keeps its arrays in public members
// (m_forward, m_backward) without an accessor for a whole row; this is the one
// place outside Boost that reads them.
Adjacency::Adjacency(const Graph& g) : graph_(g) {
  if (!g.snapshotIsExact()) return;
  const CsrGraph& csr = g.snapshot();
  direct_ = true;
  csrNodes_ = boost::num_vertices(csr);
  if (csrNodes_ == 0) return;
  outStart_ = csr.m_forward.m_rowstart.data();
  outTarget_ = csr.m_forward.m_column.data();
  outProps_ = csr.m_forward.m_edge_properties.data();
  inStart_ = csr.m_backward.m_rowstart.data();
  inSource_ = csr.m_backward.m_column.data();
  inEdge_ = csr.m_backward.m_edge_properties.data();
  outCount_ = csr.m_forward.m_edge_properties.size();
}

}  // namespace kgq
