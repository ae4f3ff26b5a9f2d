package org.careplanfhir.server.bulkimport;

import java.util.Set;

/**
 * A line held back until the end of an import, with what was read of it the first time: its
 * {@code Type/id} (null without one) and the {@code Type/id} its references name, enough to put it
 * with the lines it names without reading it again.
 */
record HeldLine(ImportLine line, String id, Set<String> references) {
}
