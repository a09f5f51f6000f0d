// What the graph holds before a reset, so the reset can say what it removed.
RETURN COUNT { (n) } AS nodes, COUNT { ()-[r]->() } AS relationships
