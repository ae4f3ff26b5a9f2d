package org.careplanfhir.server.bulkimport;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An import as its status poll reports it, read from the database: the same on every instance,
 * whichever runs the import. Per-input figures are in the order of the kick-off's inputs.
 */
record ImportStatus(String id, String clientId, String request, String serverBase, Instant transactionTime,
		List<String> inputTypes, List<String> inputUrls, long[] stored, long[] refused, ImportJob.State state,
		String failure, Instant finished) {

	int inputCount() {
		return inputTypes.size();
	}

	long storedInAll() {
		return Arrays.stream(stored).sum();
	}

	long refusedInAll() {
		return Arrays.stream(refused).sum();
	}

}
