package org.careplanfhir.server.utilization;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * An operation's simple parameters, whichever form carries them: the query of a GET (or of a POST),
 * or the Parameters body of a POST, where a client may send {@code periodStart} as a valueDate or a
 * valueString and {@code subject} as a valueString or a valueReference. HAPI's binding would tie
 * each to one type; here each is read as text and checked by the operation.
 */
final class OperationInput {

	private OperationInput() {
	}

	/** The parameter's one value as text, or null when it is absent or empty. */
	static String value(RequestDetails request, String name) {
		List<String> values = new ArrayList<>();
		String[] query = request.getParameters().get(name);
		if (query != null) {
			values.addAll(List.of(query));
		}
		if (request.getResource() instanceof Parameters body) {
			for (Parameters.ParametersParameterComponent parameter : body.getParameter()) {
				if (!name.equals(parameter.getName())) {
					continue;
				}
				if (parameter.getValue() instanceof IPrimitiveType<?> primitive) {
					values.add(primitive.getValueAsString());
				}
				else if (parameter.getValue() instanceof Reference reference) {
					values.add(reference.getReference());
				}
				else {
					throw new InvalidRequestException("Parameter '" + name + "' takes a simple value (a date, a string,"
							+ " a code, a boolean) or, for references, a valueReference");
				}
			}
		}
		values.removeIf(value -> value == null || value.isBlank());
		if (values.size() > 1) {
			throw new InvalidRequestException("Parameter '" + name + "' is given " + values.size() + " times; give it once");
		}
		return values.isEmpty() ? null : values.get(0).trim();
	}

}
