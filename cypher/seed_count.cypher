// What the graph holds before a reset, so the reset can say what it removed (the change
// log aside, which a reset keeps). Every count comes from the count store.
RETURN COUNT { (n) } - COUNT { (:Change) } - COUNT { (:Revision) } - COUNT { (:ChangeCounter) }
         AS nodes,
       COUNT { ()-[r]->() } - COUNT { ()-[:TOUCHED]->() } AS relationships
