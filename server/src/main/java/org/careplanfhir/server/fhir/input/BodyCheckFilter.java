package org.careplanfhir.server.fhir.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads every request body sent to the FHIR endpoint before HAPI does, within the configured
 * limits, and refuses it with an OperationOutcome when it is too large (413), in an encoding or
 * character set FHIR does not use (415), not valid UTF-8, or JSON or XML that HAPI would store
 * altered (400): see {@link JsonBodyCheck} and {@link XmlBodyCheck}. A compressed body is inflated
 * here, never beyond the size limit, and only for a caller who got past authentication, which runs
 * before this filter. What passes is handed on from memory.
 */
final class BodyCheckFilter extends OncePerRequestFilter {

	private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

	private static final Set<String> FHIR_VERSIONS = Set.of("4.0", "4.0.0", "4.0.1");

	private final RequestLimitsProperties limits;

	private final JsonBodyCheck json;

	private final XmlBodyCheck xml;

	private final OperationOutcomeWriter outcomes;

	BodyCheckFilter(RequestLimitsProperties limits, OperationOutcomeWriter outcomes) {
		this.limits = limits;
		this.json = new JsonBodyCheck(limits);
		this.xml = new XmlBodyCheck(limits);
		this.outcomes = outcomes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!METHODS_WITH_BODY.contains(request.getMethod()) || isForm(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body;
		try {
			BodyKind kind = BodyKind.of(request.getContentType());
			body = read(request);
			if (kind != BodyKind.OTHER) {
				body = DeclaredCharset.toUtf8(request.getContentType(), body);
				if (body.length == 0) {
					throw BodyRejected.malformed("Failed to parse the body: it is empty, and a "
							+ (kind == BodyKind.JSON_PATCH || kind == BodyKind.XML_PATCH ? "patch" : "FHIR resource")
							+ " was expected");
				}
				requireUtf8(body);
			}
			boolean patch = "PATCH".equals(request.getMethod());
			switch (kind) {
				case FHIR_JSON -> json.check(body, true, patch ? limits.maxPatchOperations() : limits.maxRepetitions());
				case JSON_PATCH -> json.check(body, false, limits.maxPatchOperations());
				case FHIR_XML -> xml.check(body, true);
				case XML_PATCH -> xml.check(body, false);
				case OTHER -> {
					// Binary content and forms: size is all there is to check.
				}
			}
		}
		catch (BodyRejected rejected) {
			outcomes.write(response, rejected.status(), rejected.getMessage());
			return;
		}
		chain.doFilter(new CheckedBodyRequest(request, body, DeclaredCharset.asUtf8(request.getContentType())), response);
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && (type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
				|| type.toLowerCase(Locale.ROOT).startsWith("multipart/"));
	}

	private byte[] read(HttpServletRequest request) throws IOException {
		long max = limits.maxBodySize().toBytes();
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		boolean identity = encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity");
		if (identity && request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		InputStream in = request.getInputStream();
		if (!identity) {
			in = switch (encoding.trim().toLowerCase(Locale.ROOT)) {
				case "gzip", "x-gzip" -> gunzip(in);
				case "deflate" -> new InflaterInputStream(in);
				default -> throw BodyRejected.unsupportedMediaType("Content-Encoding '" + encoding
						+ "' is not supported; send the body as is, or gzip or deflate it");
			};
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream(
				(int) Math.min(max, Math.max(request.getContentLength(), 1024)));
		byte[] buffer = new byte[16 * 1024];
		try {
			for (int read; (read = in.read(buffer)) != -1;) {
				if (body.size() + (long) read > max) {
					throw tooLarge(max);
				}
				body.write(buffer, 0, read);
			}
		}
		catch (java.util.zip.ZipException | java.io.EOFException corrupt) {
			throw BodyRejected.malformed("The body could not be decompressed (Content-Encoding " + encoding + "): "
					+ corrupt.getMessage());
		}
		return body.toByteArray();
	}

	private static InputStream gunzip(InputStream in) throws IOException {
		try {
			return new GZIPInputStream(in);
		}
		catch (java.util.zip.ZipException | java.io.EOFException notGzip) {
			throw BodyRejected.malformed("The body is not gzip data, though Content-Encoding says so");
		}
	}

	private static BodyRejected tooLarge(long max) {
		return BodyRejected.tooLarge("The body is larger than " + max + " bytes"
				+ " (careplan.fhir.limits.max-body-size, counted after decompression)");
	}

	/** Rejects invalid and overlong sequences and encoded surrogates, which a lenient decoder turns into U+FFFD. */
	private static void requireUtf8(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(8 * 1024);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				throw BodyRejected.malformed("The body is not valid UTF-8: byte offset " + in.position()
						+ " starts an invalid or overlong sequence");
			}
			if (result.isUnderflow()) {
				break;
			}
			out.clear();
		}
		try {
			decoder.flush(out);
		}
		catch (IllegalStateException notFinished) {
			throw BodyRejected.malformed("The body is not valid UTF-8: it ends inside a character");
		}
	}

	/** What a body is, from its Content-Type, and the parameters FHIR allows on it. */
	enum BodyKind {

		FHIR_JSON, JSON_PATCH, FHIR_XML, XML_PATCH, OTHER;

		static BodyKind of(String contentType) {
			if (contentType == null || contentType.isBlank()) {
				return OTHER;
			}
			MediaType type;
			try {
				type = MediaType.parseMediaType(contentType);
			}
			catch (IllegalArgumentException malformed) {
				throw BodyRejected.unsupportedMediaType("Content-Type '" + contentType + "' cannot be read: "
						+ malformed.getMessage());
			}
			String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
			BodyKind kind = switch (subtype) {
				case "fhir+json", "json+fhir", "json" -> FHIR_JSON;
				case "json-patch+json" -> JSON_PATCH;
				case "fhir+xml", "xml+fhir", "xml" -> FHIR_XML;
				case "xml-patch+xml" -> XML_PATCH;
				default -> OTHER;
			};
			if (kind != OTHER) {
				String fhirVersion = type.getParameter("fhirVersion");
				if (fhirVersion != null && !FHIR_VERSIONS.contains(unquoted(fhirVersion))) {
					throw BodyRejected.unsupportedMediaType("Content-Type names fhirVersion '" + fhirVersion
							+ "'; this server speaks FHIR 4.0 (R4)");
				}
			}
			return kind;
		}

		static String unquoted(String value) {
			return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
					? value.substring(1, value.length() - 1) : value;
		}

	}

}
