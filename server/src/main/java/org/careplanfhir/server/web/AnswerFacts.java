package org.careplanfhir.server.web;

/**
 * The request attribute under which a capability keeps what an answer showed (which records, whose),
 * for those that must know it again when the same answer is replayed from memory: the read cache
 * keeps the attribute's value with the answer and sets it again on every replay.
 */
public final class AnswerFacts {

	public static final String ATTRIBUTE = "careplan.answer-facts";

	private AnswerFacts() {
	}

}
