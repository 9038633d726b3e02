import LabLedgerDomain

/// Word lists the story draws names from. Companies, funds, hosts and startups beyond the seeded
/// 2018 ones are fictional (built from these words and a number), so no real company is made to
/// sign, fund or license anything. The universities are real ones of Hong Kong and Shenzhen;
/// the labs, agreements and inventions the story gives them are not.
enum HistoryNames {
    struct University: Sendable {
        let id: String
        let name: String
        let country: String
    }

    /// Universities of Hong Kong and Shenzhen that host joint labs; `cuhk-shenzhen` is seeded.
    static let universities: [University] = [
        University(id: "hku", name: "The University of Hong Kong", country: "HK"),
        University(id: "hkust", name: "The Hong Kong University of Science and Technology", country: "HK"),
        University(id: "cuhk", name: "The Chinese University of Hong Kong", country: "HK"),
        University(id: "polyu", name: "The Hong Kong Polytechnic University", country: "HK"),
        University(id: "cityu", name: "City University of Hong Kong", country: "HK"),
        University(id: "hkbu", name: "Hong Kong Baptist University", country: "HK"),
        University(id: "cuhk-shenzhen", name: "The Chinese University of Hong Kong, Shenzhen", country: "CN"),
        University(id: "sustech", name: "Southern University of Science and Technology", country: "CN"),
        University(id: "szu", name: "Shenzhen University", country: "CN"),
        University(id: "tsinghua-sigs", name: "Tsinghua Shenzhen International Graduate School", country: "CN"),
        University(id: "pku-shenzhen", name: "Peking University Shenzhen Graduate School", country: "CN"),
        University(id: "hitsz", name: "Harbin Institute of Technology, Shenzhen", country: "CN"),
    ]

    static let hongKongPlaces = ["Kowloon", "Sha Tin", "Tai Po", "Lantau", "Victoria", "Kwun Tong", "Tsuen Wan", "Pearl River"]
    static let shenzhenPlaces = ["Qianhai", "Nanshan", "Futian", "Shekou", "Bao'an", "Guangming", "Longgang", "Pearl River"]
    static let techWords = [
        "Vision", "Deepsight", "Neural", "Cortex", "Lumen", "Quantum", "Sensa", "Vector", "Tensor", "Cognit", "Orbit",
        "Synapse", "Kinetic", "Aether", "Photon", "Pixel", "Lattice", "Helix",
    ]
    static let companySuffixes = [
        "Technology Co., Ltd.", "Intelligence Limited", "Robotics Co., Ltd.", "AI Holdings Limited", "Systems Limited",
        "Computing Co., Ltd.",
    ]
    static let startupWords = [
        "Bright", "Swift", "Mira", "Nova", "Kite", "Echo", "Lumi", "Zen", "Arc", "Flux", "Sage", "Ion", "Volt", "Tide",
        "Peak", "Loop",
    ]
    static let startupTails = ["Labs", "AI", "Health", "Mobility", "Retail", "Bio", "Fintech", "Robotics", "Vision", "Data"]
    static let areas = [
        "computer vision", "machine learning", "natural language processing", "robotics", "medical imaging",
        "speech recognition", "autonomous driving", "reinforcement learning", "computational biology", "smart cities",
    ]
    static let fields = [
        "computer-vision", "medical-imaging", "autonomous-driving", "natural-language-processing", "speech-recognition",
        "robotics", "smart-retail", "fintech-risk", "drug-discovery", "remote-sensing", "industrial-inspection",
        "education-technology",
    ]
    static let titleOpenings = [
        "Self-supervised", "Efficient", "Robust", "Scalable", "Few-shot", "Federated", "Explainable", "Lightweight",
        "Multimodal", "Contrastive", "Graph-based", "Uncertainty-aware",
    ]
    static let titleSubjects = [
        "depth estimation", "object detection", "language modelling", "pose estimation", "image segmentation",
        "speech synthesis", "trajectory prediction", "protein folding", "anomaly detection", "visual question answering",
        "document understanding", "point-cloud registration",
    ]
    static let titleSettings = [
        "in dense urban scenes", "for edge devices", "with limited labels", "across languages", "for clinical imaging",
        "under distribution shift", "at city scale", "for retail analytics", "in low-light conditions",
        "for industrial inspection",
    ]
    static let venues = [
        "CVPR", "ICCV", "NeurIPS", "ICML", "ACL", "EMNLP", "AAAI", "IJCAI", "ECCV", "ICLR", "IEEE TPAMI",
        "Nature Machine Intelligence",
    ]
    static let familyNames = [
        "Chan", "Chen", "Cheung", "Wong", "Lam", "Li", "Liu", "Zhang", "Wang", "Huang", "Lau", "Ho", "Ng", "Yeung", "Tang",
        "Zhou", "Xu", "Sun", "Patel", "Smith", "Kim", "Tanaka", "Müller", "García",
    ]
    static let givenNames = [
        "Wei", "Mei", "Jun", "Ka Yan", "Chi Hung", "Siu Ming", "Xiaoyu", "Hao", "Ling", "Yuxuan", "Zihan", "Tsz Ching",
        "Priya", "Daniel", "Sarah", "Kenji", "Min-jun", "Lucía", "Jonas", "Amara",
    ]
    static let expertise = [
        "computer vision", "venture investment", "semiconductors", "healthcare AI", "technology transfer",
        "cloud infrastructure", "robotics", "AI ethics and policy", "natural language processing", "entrepreneurship",
    ]
    /// The capacities people sign in, by the kind of party they sign for.
    static func signatoryTitles(_ kind: PartyKind) -> [String] {
        switch kind {
        case .university: ["President", "Vice-President (Research)", "Provost", "Director of Knowledge Transfer"]
        case .company, .startup: ["Chief Executive Officer", "Chief Technology Officer", "Managing Director", "General Counsel"]
        case .publicBody: ["Chief Executive", "Director of Technology Ventures"]
        case .fund: ["Managing Director", "Director"]
        }
    }
    static let licenseeCountries = ["CN", "CN", "HK", "US", "JP", "SG", "DE", "KR"]
}
