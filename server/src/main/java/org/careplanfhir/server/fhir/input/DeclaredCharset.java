package org.careplanfhir.server.fhir.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.MediaType;

/**
 * FHIR bodies are UTF-8, but HTTP lets a client label a body with another charset, and many do
 * (REST Assured and older Java clients say ISO-8859-1). A body labelled with a charset this JVM
 * knows is read in that charset, strictly, and handed to HAPI as UTF-8, so what is stored is what
 * the client meant; an unknown charset is a 415, and bytes the named charset cannot decode a 400.
 */
final class DeclaredCharset {

	private DeclaredCharset() {
	}

	/** The body as UTF-8: as it is when it is labelled UTF-8 or not labelled. */
	static byte[] toUtf8(String contentType, byte[] body) {
		String declared = declared(contentType);
		if (declared == null || declared.equalsIgnoreCase("UTF-8") || declared.equalsIgnoreCase("utf8")) {
			return body;
		}
		Charset charset;
		try {
			charset = Charset.isSupported(declared) ? Charset.forName(declared) : null;
		}
		catch (IllegalCharsetNameException invalid) {
			charset = null;
		}
		if (charset == null) {
			throw BodyRejected.unsupportedMediaType("Content-Type names the charset '" + declared
					+ "', which is not a known character set; FHIR bodies are UTF-8");
		}
		try {
			CharBuffer text = charset.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
			ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.encode(text);
			byte[] transcoded = new byte[utf8.remaining()];
			utf8.get(transcoded);
			return transcoded;
		}
		catch (CharacterCodingException undecodable) {
			throw BodyRejected.malformed("The body is not valid " + charset.name()
					+ ", the charset its Content-Type names; FHIR bodies are UTF-8");
		}
	}

	/** The Content-Type to show HAPI: the same, saying UTF-8. */
	static String asUtf8(String contentType) {
		if (declared(contentType) == null) {
			return contentType;
		}
		MediaType type = MediaType.parseMediaType(contentType);
		Map<String, String> parameters = new java.util.LinkedHashMap<>(type.getParameters());
		parameters.put("charset", "UTF-8");
		return new MediaType(type.getType(), type.getSubtype(), parameters).toString();
	}

	private static String declared(String contentType) {
		if (contentType == null) {
			return null;
		}
		try {
			String charset = MediaType.parseMediaType(contentType).getParameter("charset");
			return charset == null ? null : BodyCheckFilter.BodyKind.unquoted(charset);
		}
		catch (IllegalArgumentException unsupported) {
			// Spring refuses a Content-Type whose charset it does not know: name it from the raw header.
			int at = contentType.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
			return at < 0 ? null : contentType.substring(at + 8).split(";")[0].trim();
		}
	}

}
