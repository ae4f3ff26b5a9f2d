package org.careplanfhir.server.bulkimport;

import java.io.BufferedReader;
import java.io.IOException;

/** One file of an import: the type its lines hold, where it was named, and how to read it. */
record ImportInput(String type, String url, Source source) {

	/** Opens the file for reading, from its beginning, each time it is called. */
	@FunctionalInterface
	interface Source {

		BufferedReader open() throws IOException;

	}

}
