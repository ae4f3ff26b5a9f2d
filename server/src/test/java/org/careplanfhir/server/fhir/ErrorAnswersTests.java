package org.careplanfhir.server.fhir;

import java.sql.SQLException;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import javax.sql.DataSource;

import org.careplanfhir.server.storage.DatabaseUnavailable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client is told of a failure: never the server's internals, and 503 for a lost database. */
class ErrorAnswersTests {

	// No data source: only failures that name a lost connection count as the database being away.
	private final ErrorAnswers answers = new ErrorAnswers(new DatabaseUnavailable(new StaticListableBeanFactory().getBeanProvider(DataSource.class)));

	@Test
	void aServerFaultTellsTheClientOnlyAnErrorId() {
		BaseServerResponseException answer = answers.serverFault(new InternalErrorException(
				"HAPI-0389: Failed to call access method: org.springframework.dao.DataIntegrityViolationException:"
						+ " could not execute batch [Batch entry 0 insert into hfj_spidx_string values ('Ana Rivera')]",
				new DataIntegrityViolationException("ERROR: duplicate key value violates unique constraint")));

		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).contains("error id").doesNotContain("insert", "hfj_", "Ana Rivera", "org.",
				"ERROR:");
	}

	@Test
	void anyUnexpectedExceptionIsAnOpaque500() {
		BaseServerResponseException answer = answers.serverFault(new NullPointerException("Cannot invoke \"theId\""));

		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).doesNotContain("theId", "NullPointer");
	}

	@Test
	void aLostDatabaseIs503WithRetryAfter() {
		BaseServerResponseException answer = answers.serverFault(new InternalErrorException("HAPI-2223: x",
				new CannotCreateTransactionException("Could not open JPA EntityManager",
						new SQLException("Connection to localhost:5432 refused", "08001"))));

		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", java.util.List.of("5"));
		assertThat(answer.getMessage()).doesNotContain("localhost", "5432");
	}

	@Test
	void clientErrorsAndUnparseableValuesAreLeftAsClientErrors() {
		assertThat(answers.serverFault(new ResourceNotFoundException("Patient/1 is not known"))).isNull();
		assertThat(answers.clientMistake(new DataFormatException("Invalid date 'yesterday'")).getStatusCode()).isEqualTo(400);
	}

}
