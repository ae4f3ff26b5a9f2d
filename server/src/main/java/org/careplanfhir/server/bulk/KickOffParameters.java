package org.careplanfhir.server.bulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.fhir.RequestParameters;

/**
 * A kick-off's parameters, from the URL (GET) or from a Parameters body (POST), as text: a
 * reference ({@code patient}) as its {@code reference}, anything else as its primitive value.
 * Values given as a comma-separated list are kept whole; {@link #listed} splits them.
 */
final class KickOffParameters {

	private final Map<String, List<String>> values = new LinkedHashMap<>();

	private KickOffParameters() {
	}

	static KickOffParameters of(RequestDetails request) {
		KickOffParameters parameters = new KickOffParameters();
		request.getParameters().forEach((name, given) -> parameters.add(name, Arrays.asList(given)));
		if (request.getResource() instanceof Parameters body) {
			for (ParametersParameterComponent parameter : body.getParameter()) {
				if (parameter.getName() == null || parameter.getName().isBlank()) {
					throw new InvalidRequestException("Parameters.parameter without a name: every parameter of a"
							+ " kick-off needs one");
				}
				parameters.add(parameter.getName(), List.of(textOf(parameter)));
			}
		}
		return parameters;
	}

	private void add(String name, List<String> given) {
		values.computeIfAbsent(name, key -> new ArrayList<>()).addAll(given);
	}

	private static String textOf(ParametersParameterComponent parameter) {
		if (parameter.getValue() instanceof Reference reference) {
			if (reference.getReference() == null) {
				throw new InvalidRequestException("Parameter '" + parameter.getName() + "' must be a literal reference"
						+ " (valueReference.reference, such as Patient/123); an identifier alone is not resolved here");
			}
			return reference.getReference();
		}
		if (parameter.getValue() == null || parameter.getValue().primitiveValue() == null) {
			throw new InvalidRequestException("Parameter '" + parameter.getName() + "' has no value: give it a value[x]"
					+ " (valueString, valueInstant, valueReference ...)");
		}
		return parameter.getValue().primitiveValue();
	}

	Set<String> names() {
		return values.keySet();
	}

	boolean has(String name) {
		return values.containsKey(name);
	}

	/** The one value of a parameter that may be given once, or null; a second value is a client error. */
	String single(String name) {
		List<String> given = values.getOrDefault(name, List.of());
		if (given.size() > 1) {
			throw new InvalidRequestException("Parameter '" + name + "' may be given once, not " + given.size() + " times");
		}
		return given.isEmpty() ? null : given.get(0).trim();
	}

	/** Every value of a repeatable, comma-separated parameter, in order; empty when not given. */
	List<String> listed(String name) {
		List<String> given = RequestParameters.listed(values.getOrDefault(name, List.of()).toArray(String[]::new));
		return given.stream().filter(item -> !item.isEmpty()).toList();
	}

	/** Every value of a repeatable parameter whose values may themselves hold commas ({@code _typeFilter}). */
	List<String> all(String name) {
		return values.getOrDefault(name, List.of()).stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
	}

}
