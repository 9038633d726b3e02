/// "a" or "an" before a word in a generated message ("an auditor key", "a university key",
/// "an output id"): chosen by the sound the word starts with, which for the words these
/// messages name is the first letter, except a "you" sound spelt with a vowel.
public enum IndefiniteArticle {
    /// `noun` preceded by its article; `capitalized` for the start of a sentence.
    public static func before(_ noun: String, capitalized: Bool = false) -> String {
        let article = takesAn(noun) ? "an" : "a"
        return "\(capitalized ? article.prefix(1).uppercased() + article.dropFirst() : article) \(noun)"
    }

    static func takesAn(_ noun: String) -> Bool {
        let word = noun.lowercased()
        guard let first = word.first, "aeiou".contains(first) else { return false }
        return !youSounds.contains { word.hasPrefix($0) }
    }

    /// Vowel spellings read with a consonant sound: "a university", "a user", "a euro", "a one-off".
    private static let youSounds = ["uni", "use", "usu", "uti", "eu", "one"]
}
