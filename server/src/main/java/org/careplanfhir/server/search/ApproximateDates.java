package org.careplanfhir.server.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code ap} on a date search parameter, which HAPI refuses ("unknown comparator"). The FHIR search
 * rules leave the margin to the server and recommend a tenth of the distance between now and the
 * date: {@code date=ap2015} matches a target whose period overlaps 2015 widened by that margin on
 * both sides. Before HAPI reads the parameters, the value becomes the two bounds it stands for, a
 * {@code ge} at the widened start and a {@code le} at the widened end.
 */
@Component
@Interceptor
class ApproximateDates implements FhirServerCustomizer {

	private static final double MARGIN = 0.1;

	private static final String APPROXIMATE = ParamPrefixEnum.APPROXIMATE.getValue();

	private final ISearchParamRegistry searchParameters;

	ApproximateDates(ISearchParamRegistry searchParameters) {
		this.searchParameters = searchParameters;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.REQUEST_SHAPE)
	public void widen(RequestDetails request) {
		String type = request.getResourceName();
		if (type == null || request.getOperation() != null) {
			return;
		}
		for (Map.Entry<String, String[]> parameter : List.copyOf(request.getParameters().entrySet())) {
			String name = parameter.getKey();
			if (Arrays.stream(parameter.getValue()).noneMatch(value -> value.startsWith(APPROXIMATE)) || !isDate(type, name)) {
				continue;
			}
			List<String> values = new ArrayList<>();
			for (String value : parameter.getValue()) {
				if (!value.startsWith(APPROXIMATE)) {
					values.add(value);
					continue;
				}
				if (value.contains(",")) {
					throw new InvalidRequestException("Date parameter '" + name + "' joins an 'ap' value with others by commas; give one approximate date per parameter");
				}
				values.addAll(bounds(name, value.substring(APPROXIMATE.length())));
			}
			request.addParameter(name, values.toArray(String[]::new));
		}
	}

	private boolean isDate(String type, String name) {
		if (name.contains(":") || name.contains(".")) {
			return false;
		}
		RuntimeSearchParam param = searchParameters.getActiveSearchParam(type, name, SearchParamLookupContextEnum.SEARCH);
		return param != null && param.getParamType() == RestSearchParameterTypeEnum.DATE;
	}

	private static List<String> bounds(String name, String date) {
		DateRangeParam period;
		try {
			period = new DateRangeParam(new DateParam(ParamPrefixEnum.EQUAL, date));
		}
		catch (RuntimeException notADate) {
			throw new InvalidRequestException("The value of date parameter '" + name + "' is not a FHIR date or dateTime after 'ap': " + date);
		}
		Instant start = period.getLowerBoundAsInstant().toInstant();
		Instant end = period.getUpperBoundAsInstant().toInstant();
		long margin = (long) (Math.abs(Instant.now().toEpochMilli() - start.toEpochMilli()) * MARGIN);
		return List.of(ParamPrefixEnum.GREATERTHAN_OR_EQUALS.getValue() + start.minusMillis(margin),
				ParamPrefixEnum.LESSTHAN_OR_EQUALS.getValue() + end.plusMillis(margin));
	}

}
