package org.careplanfhir.server.search;

import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Date search values mean what the FHIR search rules say, whatever their precision. HAPI 8.8 reads
 * {@code ge} with a year or month as "on or after the <em>last</em> day of that period" and
 * {@code le} as "on or before its <em>first</em> day", so {@code date=ge2020} silently drops most
 * of 2020. Before the query is built, a {@code ge} or {@code le} with a year or month becomes the
 * first or last day of that period, which HAPI compares correctly. The hook is registered with HAPI's global
 * interceptor service so searches run on the server's behalf (bulk export's type filters) get the
 * same meaning.
 */
@Component
@Interceptor
class DateSearchBounds {

	DateSearchBounds(IInterceptorService interceptors) {
		interceptors.registerInterceptor(this);
	}

	@Hook(value = Pointcut.STORAGE_PRESEARCH_REGISTERED, order = RequestPipeline.REQUEST_SHAPE)
	public void correct(SearchParameterMap search) {
		for (Map.Entry<String, List<List<IQueryParameterType>>> parameter : search.entrySet()) {
			List<List<IQueryParameterType>> corrected = new ArrayList<>();
			for (List<IQueryParameterType> alternatives : parameter.getValue()) {
				corrected.add(correct(alternatives));
			}
			parameter.setValue(corrected);
		}
	}

	private static List<IQueryParameterType> correct(List<IQueryParameterType> alternatives) {
		List<IQueryParameterType> corrected = new ArrayList<>(alternatives.size());
		for (IQueryParameterType value : alternatives) {
			corrected.add(value instanceof DateParam date && date.getMissing() == null ? toWholePeriod(date) : value);
		}
		return corrected;
	}

	private static ParamPrefixEnum prefix(DateParam date) {
		return date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
	}

	/** {@code ge2020} → {@code ge2020-01-01}; {@code le2020-02} → {@code le2020-02-29}. */
	private static DateParam toWholePeriod(DateParam date) {
		TemporalPrecisionEnum precision = date.getPrecision();
		if (date.getValue() == null || (precision != TemporalPrecisionEnum.YEAR && precision != TemporalPrecisionEnum.MONTH)) {
			return date;
		}
		String value = date.getValueAsString();
		return switch (prefix(date)) {
			case GREATERTHAN_OR_EQUALS -> new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, firstDay(value, precision));
			case LESSTHAN_OR_EQUALS -> new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, lastDay(value, precision));
			default -> date;
		};
	}

	private static String firstDay(String value, TemporalPrecisionEnum precision) {
		return (precision == TemporalPrecisionEnum.YEAR ? Year.parse(value).atDay(1) : YearMonth.parse(value).atDay(1)).toString();
	}

	private static String lastDay(String value, TemporalPrecisionEnum precision) {
		return (precision == TemporalPrecisionEnum.YEAR ? Year.parse(value).atMonth(12).atEndOfMonth()
				: YearMonth.parse(value).atEndOfMonth()).toString();
	}

}
