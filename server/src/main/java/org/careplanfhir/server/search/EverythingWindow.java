package org.careplanfhir.server.search;

import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamDate;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.fhir.RequestParameters;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * The parameters of {@code Patient/$everything} that HAPI 8.8 ignores. {@code _since} keeps the
 * records changed at or after that instant, {@code _lastUpdated} those changed within its range.
 * {@code start} and {@code end} are care dates, not record dates: a record is kept when its care
 * date (per type, the first of the date search parameters in {@link #CARE_DATES} that the type
 * has: an Observation's effective time, a CarePlan's period, a ServiceRequest's authoring date)
 * overlaps the window; a record with no care date (the patient, a practitioner, a medication) is
 * kept, since nothing says it lies outside. Records outside are left out of the page they would
 * have been on, so a page may hold fewer than {@code _count}; the links still lead to the end.
 */
@Component
@Interceptor
class EverythingWindow implements FhirServerCustomizer {

	/** In order of preference; every R4 type with a care date has one of these. */
	private static final List<String> CARE_DATES = List.of("date", "authored", "authored-on", "authoredon",
			"effective-time", "onset-date", "period", "created", "recorded", "occurrence", "start-date", "recorded-date");

	private static final String WINDOW = EverythingWindow.class.getName();

	private final FhirContext fhirContext;

	private final ISearchParamExtractor extractor;

	private final EverythingPages pages;

	private final Map<String, Optional<String>> careDateOfType = new ConcurrentHashMap<>();

	EverythingWindow(FhirContext fhirContext, ISearchParamExtractor extractor, EverythingPages pages) {
		this.fhirContext = fhirContext;
		this.extractor = extractor;
		this.pages = pages;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	/** Care dates from {@code from} to {@code to}, record changes within {@code changed}; null bounds are open. */
	private record Window(Date from, Date to, DateRangeParam changed) {

		boolean overlaps(Date low, Date high) {
			return (from == null || high == null || !high.before(from)) && (to == null || low == null || !low.after(to));
		}

		boolean changedWithin(Date lastUpdated) {
			if (changed == null || lastUpdated == null) {
				return true;
			}
			Date after = changed.getLowerBoundAsInstant();
			Date before = changed.getUpperBoundAsInstant();
			return (after == null || !lastUpdated.before(after)) && (before == null || !lastUpdated.after(before));
		}

	}

	/** Before HAPI runs the operation, on its first page and on every further page. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = RequestPipeline.REQUEST_SHAPE)
	public void readParameters(RequestDetails request) {
		if (!pages.isEverything(request)) {
			return;
		}
		DateRangeParam changed = changed(request);
		String start = RequestParameters.single(request, "start", EverythingPages.EVERYTHING);
		String end = RequestParameters.single(request, "end", EverythingPages.EVERYTHING);
		if (start == null && end == null && changed == null) {
			return;
		}
		DateParam first = start == null ? null : date("start", start);
		DateParam last = end == null ? null : date("end", end);
		if (first != null && last != null && !first.getValue().before(last.getPrecision().add(last.getValue(), 1))) {
			throw new InvalidRequestException("The start of $everything (" + start + ") is after its end (" + end + ")");
		}
		Date from = first == null ? null : new DateRangeParam(first, null).getLowerBoundAsInstant();
		Date to = last == null ? null : new DateRangeParam(null, last).getUpperBoundAsInstant();
		request.getUserData().put(WINDOW, new Window(from, to, changed));
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.RESPONSE_SHAPING)
	public void keepWindow(RequestDetails request, IPreResourceShowDetails page) {
		if (request == null || !(request.getUserData().get(WINDOW) instanceof Window window)) {
			return;
		}
		for (int i = 0; i < page.size(); i++) {
			IBaseResource resource = page.getResource(i);
			if (resource != null && !(window.changedWithin(resource.getMeta().getLastUpdated()) && within(resource, window))) {
				page.setResource(i, null);
			}
		}
	}

	/** {@code _since} (an instant) or {@code _lastUpdated} (a range, which HAPI's $everything ignores for what it matches). */
	private DateRangeParam changed(RequestDetails request) {
		String since = RequestParameters.single(request, "_since", EverythingPages.EVERYTHING);
		String[] lastUpdated = request.getParameters().get(Constants.PARAM_LASTUPDATED);
		if (since != null && lastUpdated != null) {
			throw new InvalidRequestException("Give either _since or _lastUpdated to $everything, not both");
		}
		if (since != null) {
			DateParam instant = date("_since", since);
			if (instant.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
				throw new InvalidRequestException(
						"_since of $everything is an instant: a date with a time and a time zone, such as 2024-01-31T12:00:00Z");
			}
			return new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since), null);
		}
		if (lastUpdated == null) {
			return null;
		}
		try {
			DateRangeParam range = new DateRangeParam();
			range.setValuesAsQueryTokens(fhirContext, Constants.PARAM_LASTUPDATED,
					Arrays.stream(lastUpdated).map(QualifiedParamList::singleton).toList());
			return range;
		}
		catch (RuntimeException notADateRange) {
			throw new InvalidRequestException("_lastUpdated of $everything is not a date range: " + String.join(", ", lastUpdated));
		}
	}

	private boolean within(IBaseResource resource, Window window) {
		if (window.from() == null && window.to() == null) {
			return true;
		}
		Optional<String> careDate = careDateOfType.computeIfAbsent(resource.fhirType(), this::careDate);
		if (careDate.isEmpty()) {
			return true;
		}
		String name = careDate.get();
		var dates = extractor.extractSearchParamDates(resource,
				params -> params.stream().filter(param -> param.getName().equals(name)).toList());
		if (dates.isEmpty()) {
			return true;
		}
		for (ResourceIndexedSearchParamDate date : dates) {
			if (window.overlaps(date.getValueLow(), date.getValueHigh())) {
				return true;
			}
		}
		return false;
	}

	private Optional<String> careDate(String type) {
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
		for (String name : CARE_DATES) {
			RuntimeSearchParam param = definition.getSearchParam(name);
			if (param != null && param.getParamType() == RestSearchParameterTypeEnum.DATE) {
				return Optional.of(name);
			}
		}
		return Optional.empty();
	}

	private static DateParam date(String name, String value) {
		DateParam date;
		try {
			date = new DateParam(value);
		}
		catch (RuntimeException notADate) {
			throw new InvalidRequestException("'" + name + "' of $everything is not a FHIR date or dateTime: " + value);
		}
		if (date.getPrefix() != null || date.getValue() == null) {
			throw new InvalidRequestException("'" + name + "' of $everything is a date or dateTime without a prefix, not " + value);
		}
		return date;
	}

}
