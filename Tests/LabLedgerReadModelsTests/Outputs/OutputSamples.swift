import Foundation
import LabLedgerDomain

/// A paper of the joint lab, produced under its agreement, with two contributors.
extension LedgerSamples {
    var output: OutputID { get throws { try Self.value("mi-lab-paper-001") } }
    var leadAuthor: ORCID { get throws { try Self.value("0000-0002-1825-0097") } }
    var coAuthor: ORCID { get throws { try Self.value("0000-0001-5109-3700") } }

    func outputRegistered(doi: String? = "https://doi.org/10.1109/CVPR.2019.00123") throws -> OutputEvent {
        .registered(OutputRegistered(
            output: try output, lab: lab, kind: .paper, title: "Learning to see", doi: try doi.map(Self.value),
            contributors: [
                OutputContributor(orcid: try leadAuthor, creditRoles: [.conceptualization, .writingOriginalDraft]),
                OutputContributor(orcid: try coAuthor, creditRoles: [.software]),
            ],
            affiliations: [cuhksz, tencent], agreement: agreement, date: try Self.day("2019-03-01")))
    }

    func submitted(_ day: String) throws -> OutputEvent {
        .submittedForValidation(OutputSubmittedForValidation(submittedOn: try Self.day(day)))
    }

    func validated(_ day: String) throws -> OutputEvent {
        .validated(OutputValidated(validatedBy: cuhksz, validatedOn: try Self.day(day)))
    }

    func reviewRequested(_ day: String, endsOn: String, reviewers: [PartyID]? = nil) throws -> OutputEvent {
        .publicationReviewRequested(PublicationReviewRequested(
            reviewers: reviewers ?? [tencent], requestedOn: try Self.day(day), reviewEndsOn: try Self.day(endsOn)))
    }

    func reviewCleared(by reviewer: PartyID, _ day: String) throws -> OutputEvent {
        .publicationReviewCleared(PublicationReviewCleared(reviewer: reviewer, clearedOn: try Self.day(day)))
    }
}
