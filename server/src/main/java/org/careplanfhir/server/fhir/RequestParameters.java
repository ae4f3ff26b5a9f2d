package org.careplanfhir.server.fhir;

import java.util.function.Supplier;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

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
