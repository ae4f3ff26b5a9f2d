package org.careplanfhir.server.fhir;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.UrlUtil;

/** Reading a request's parameters the way the server's own hooks and operations need to. */
public final class RequestParameters {

	private RequestParameters() {
	}

	/** The one value of a parameter, or null; a second value is a 400 naming the operation. */
	public static String single(RequestDetails request, String name, String operation) {
		String[] values = request.getParameters().get(name);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new InvalidRequestException(operation + " takes one '" + name + "', not " + values.length);
		}
		return values[0];
	}

	/**
	 * The comma-separated values of a parameter ({@code _type=Patient,Goal}), each unescaped and
	 * trimmed: HAPI hands a comma over as the client escaped it ({@code %2C}). Null when absent.
	 */
	public static List<String> listed(String[] values) {
		if (values == null) {
			return null;
		}
		return Arrays.stream(values).flatMap(value -> Arrays.stream(UrlUtil.unescape(value).split(","))).map(String::trim)
			.toList();
	}

	/** Parameters as a query string, {@code a=1&b=2}, every name and value escaped. */
	public static String queryString(Map<String, String[]> parameters) {
		StringBuilder query = new StringBuilder();
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			for (String value : parameter.getValue()) {
				query.append(query.isEmpty() ? "" : "&").append(UrlUtil.escapeUrlParam(parameter.getKey())).append('=')
					.append(UrlUtil.escapeUrlParam(value));
			}
		}
		return query.toString();
	}

	/** A whole number of at least {@code least}; anything else is a 400 saying what was expected of {@code what}. */
	public static int wholeNumber(String what, String value, int least) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= least) {
				return number;
			}
		}
		catch (NumberFormatException notANumber) {
			// answered below
		}
		throw new InvalidRequestException(what + " must be a whole number, " + least + " or more, not '" + value + "'");
	}

	/**
	 * Runs a search of the server's own with the client's request (so that the client's rights
	 * apply to it) but without the client's {@code _count} and {@code _offset}, which HAPI's DAO
	 * would otherwise take from the request and apply to it.
	 */
	public static <T> T withoutClientPaging(RequestDetails request, Supplier<T> search) {
		String[] count = request.getParameters().get(Constants.PARAM_COUNT);
		String[] offset = request.getParameters().get(Constants.PARAM_OFFSET);
		request.removeParameter(Constants.PARAM_COUNT);
		request.removeParameter(Constants.PARAM_OFFSET);
		try {
			return search.get();
		}
		finally {
			if (count != null) {
				request.addParameter(Constants.PARAM_COUNT, count);
			}
			if (offset != null) {
				request.addParameter(Constants.PARAM_OFFSET, offset);
			}
		}
	}

}
