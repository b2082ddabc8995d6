package tools

import (
	"strings"
	"unicode"
)

// languageCode is the ISO 639-1 code of one of the languages translate_text knows.
func languageCode(language string) string {
	codes := []string{"en", "es", "fr", "de", "it", "pt", "ja", "zh", "ko", "ar"}
	if i := indexOf(languageNames(), language); i >= 0 {
		return codes[i]
	}
	return ""
}

// phrasebook holds common phrases, one row per phrase, one column per language in the order of
// languageNames. The simulated translator gives a real translation for these and a tagged copy
// of the text for anything else.
func phrasebook() [][]string {
	return [][]string{
		{"Hello", "Hola", "Bonjour", "Hallo", "Ciao", "Olá", "こんにちは", "你好", "안녕하세요", "مرحبا"},
		{"Thank you", "Gracias", "Merci", "Danke", "Grazie", "Obrigado", "ありがとう", "谢谢", "감사합니다", "شكرا"},
		{"Good morning", "Buenos días", "Bonjour", "Guten Morgen", "Buongiorno", "Bom dia", "おはようございます", "早上好", "좋은 아침입니다", "صباح الخير"},
		{"Good night", "Buenas noches", "Bonne nuit", "Gute Nacht", "Buona notte", "Boa noite", "おやすみなさい", "晚安", "안녕히 주무세요", "تصبح على خير"},
		{"Goodbye", "Adiós", "Au revoir", "Auf Wiedersehen", "Arrivederci", "Adeus", "さようなら", "再见", "안녕히 가세요", "مع السلامة"},
		{"Please", "Por favor", "S'il vous plaît", "Bitte", "Per favore", "Por favor", "お願いします", "请", "부탁합니다", "من فضلك"},
		{"Yes", "Sí", "Oui", "Ja", "Sì", "Sim", "はい", "是", "네", "نعم"},
		{"How are you?", "¿Cómo estás?", "Comment allez-vous ?", "Wie geht es Ihnen?", "Come sta?", "Como está?", "お元気ですか？", "你好吗？", "어떻게 지내세요?", "كيف حالك؟"},
		{"What time is it?", "¿Qué hora es?", "Quelle heure est-il ?", "Wie spät ist es?", "Che ore sono?", "Que horas são?", "今何時ですか？", "现在几点？", "지금 몇 시예요?", "كم الساعة؟"},
		{"Where is the train station?", "¿Dónde está la estación de tren?", "Où est la gare ?", "Wo ist der Bahnhof?", "Dov'è la stazione?", "Onde fica a estação de trem?", "駅はどこですか？", "火车站在哪里？", "기차역이 어디에 있어요?", "أين محطة القطار؟"},
	}
}

// phraseKey folds case, punctuation and spacing so that "hello!" finds "Hello".
func phraseKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || r == '\'' {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// lookupPhrase finds text in the phrasebook and returns its row and the column it was in.
func lookupPhrase(text string) (row []string, lang int, ok bool) {
	key := phraseKey(text)
	for _, row := range phrasebook() {
		for lang, p := range row {
			if phraseKey(p) == key {
				return row, lang, true
			}
		}
	}
	return nil, 0, false
}

// stopwords lists frequent short words of the Latin-script languages, in languageNames order,
// for guessing the language of a text.
func stopwords() [][]string {
	return [][]string{
		{"the", "and", "is", "are", "of", "to", "in", "you", "it", "what", "where", "how", "this", "with", "i"},
		{"el", "la", "los", "las", "y", "es", "de", "que", "en", "un", "una", "por", "para", "con", "dónde", "cómo", "está"},
		{"le", "la", "les", "et", "est", "de", "des", "que", "un", "une", "pour", "avec", "je", "vous", "où", "ce"},
		{"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "sie", "mit", "zu", "wo", "wie", "es"},
		{"il", "lo", "la", "gli", "e", "è", "di", "che", "un", "una", "per", "con", "sono", "dove", "come"},
		{"o", "a", "os", "as", "e", "é", "de", "que", "um", "uma", "para", "com", "não", "onde", "como", "está"},
	}
}

// DetectLanguage guesses which of translate_text's languages a text is written in: by script
// for Japanese, Korean, Chinese and Arabic, by counting frequent words for the Latin-script
// ones. Ties and texts with no clue default to English.
func DetectLanguage(text string) string {
	names := languageNames()
	var han bool
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "Japanese"
		case unicode.Is(unicode.Hangul, r):
			return "Korean"
		case unicode.Is(unicode.Arabic, r):
			return "Arabic"
		case unicode.Is(unicode.Han, r):
			han = true
		}
	}
	if han {
		return "Chinese"
	}
	if _, lang, ok := lookupPhrase(text); ok {
		return names[lang]
	}
	words := strings.Fields(phraseKey(text))
	best, bestCount := 0, 0
	for lang, list := range stopwords() {
		count := 0
		for _, w := range words {
			for _, s := range list {
				if w == s {
					count++
				}
			}
		}
		if count > bestCount {
			best, bestCount = lang, count
		}
	}
	return names[best]
}

func runTranslate(a args) (map[string]any, error) {
	text, target := a.str("text", ""), a.str("target_language", "")
	source, given := a["source_language"].(string)
	if !given {
		source = DetectLanguage(text)
	}
	translated := "[" + languageCode(target) + "] " + text
	switch row, _, ok := lookupPhrase(text); {
	case source == target:
		translated = text
	case ok:
		translated = row[indexOf(languageNames(), target)]
	}
	return map[string]any{
		"original_text":   text,
		"translated_text": translated,
		"source_language": source,
		"target_language": target,
		"detected_source": !given,
	}, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
