package org.careplanfhir.server.search;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The page of a search HAPI keeps, and of {@code $everything}, is loaded in a read-only
 * transaction ({@link ReadOnlyPages}), and still answers as before: its matches, its links, and
 * the Provenance {@code $everything} adds.
 */
class ReadOnlyPagesIntegrationTests extends FhirServerTest {

	@Autowired
	private IInterceptorService interceptors;

	private String family;

	private String patient;

	@BeforeEach
	void storePatients() {
		pointRestAssuredAtServer();
		family = unique("ReadOnly");
		patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		for (int i = 0; i < 2; i++) {
			create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		}
	}

	@Test
	void theFirstPageOfASearchWithMorePagesIsLoadedReadOnly() {
		List<Boolean> readOnly = whileShown(() -> fhir().get("/Patient?family=" + family + "&_count=2")
			.then()
			.statusCode(200)
			.body("entry.size()", equalTo(2))
			.body("link.relation", hasItem("next")));
		assertThat(readOnly).isNotEmpty().containsOnly(true);
	}

	@Test
	void everythingIsLoadedReadOnlyWithTheProvenanceOfItsRecords() {
		List<Boolean> readOnly = whileShown(() -> fhir().get("/Patient/" + patient + "/$everything")
			.then()
			.statusCode(200)
			.body("entry.resource.resourceType", hasItem("Provenance"))
			.body("entry.resource.id", hasItem(patient)));
		assertThat(readOnly).isNotEmpty().containsOnly(true);
	}

	/** Whether a read-only transaction was open each time HAPI showed resources while this ran. */
	private List<Boolean> whileShown(Runnable request) {
		List<Boolean> readOnly = new CopyOnWriteArrayList<>();
		Object probe = new TransactionProbe(readOnly);
		interceptors.registerInterceptor(probe);
		try {
			request.run();
		}
		finally {
			interceptors.unregisterInterceptor(probe);
		}
		return readOnly;
	}

	private static final class TransactionProbe {

		private final List<Boolean> readOnly;

		TransactionProbe(List<Boolean> readOnly) {
			this.readOnly = readOnly;
		}

		@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
		public void shown(IPreResourceShowDetails resources) {
			readOnly.add(TransactionSynchronizationManager.isActualTransactionActive()
					&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
		}

	}

}
