"""What the data sets look like, whichever source serves them: names, labels, columns and real sizes.

Both the real data (:mod:`helpers.data._real`) and the stand-ins (:mod:`helpers.data.standin`)
follow this schema, so a chapter never has to know which one it got.

The thoracic-surgery table is UCI data set 277 (Zięba et al., 2013): 16 attributes
recorded before a lung resection and ``Risk1Yr``, whether the patient died within one
year (70 of 470, 14.9 %), encoded with the integer codes the blog posts'
``ThoraricSurgery.csv`` uses:

==========  ===============================================  =======================
column      meaning                                          code
==========  ===============================================  =======================
DGN         diagnosis (combination of ICD-10 codes)          ``DGNk`` -> k (1..8)
PRE4        forced vital capacity, FVC (litres)              number
PRE5        forced expiratory volume in 1 s, FEV1 (litres)   number
PRE6        performance status, Zubrod scale                 ``PRZk`` -> k (0..2)
PRE7        pain before surgery                              T/F -> 1/0
PRE8        haemoptysis before surgery                       T/F -> 1/0
PRE9        dyspnoea before surgery                          T/F -> 1/0
PRE10       cough before surgery                             T/F -> 1/0
PRE11       weakness before surgery                          T/F -> 1/0
PRE14       size of the original tumour (T in TNM)           ``OC1k`` -> 10+k (11..14)
PRE17       type 2 diabetes                                  T/F -> 1/0
PRE19       myocardial infarction up to 6 months before      T/F -> 1/0
PRE25       peripheral arterial disease                      T/F -> 1/0
PRE30       smoking                                          T/F -> 1/0
PRE32       asthma                                           T/F -> 1/0
AGE         age at surgery (years)                           integer
==========  ===============================================  =======================

The blog posts' CSV has a 17th feature column in front of these: the patient's row
number in the ARFF file, an identifier rather than a measurement, so it is left out.
As in the real file, a few ``PRE5`` values are implausibly large (over 50).

Example:
    >>> REAL_SIZES["mnist"], len(FEATURE_NAMES)
    ((60000, 10000), 16)
"""

#: The name each data set is announced by, in banners and messages.
TITLES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "thoracic": "Thoracic Surgery"}

#: The real data's sizes: (train, test) images, or rows of the table.
REAL_SIZES = {"mnist": (60000, 10000), "fashion_mnist": (60000, 10000), "thoracic": 470}

#: Fashion-MNIST's class names, in label order (as in the Keras documentation).
FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

#: The 16 feature columns of the thoracic-surgery table, in order.
FEATURE_NAMES = (
    "DGN", "PRE4", "PRE5", "PRE6", "PRE7", "PRE8", "PRE9", "PRE10",
    "PRE11", "PRE14", "PRE17", "PRE19", "PRE25", "PRE30", "PRE32", "AGE",
)  # fmt: skip
TARGET_NAME = "Risk1Yr"
#: ``{column: (English, Korean)}`` descriptions of the features and the target.
FEATURE_DESCRIPTIONS = {
    "DGN": ("diagnosis code (ICD-10 combination), 1-8", "진단 코드(ICD-10 조합), 1~8"),
    "PRE4": ("forced vital capacity, FVC (L)", "노력성 폐활량 FVC(L)"),
    "PRE5": ("forced expiratory volume in 1 s, FEV1 (L)", "1초간 노력성 호기량 FEV1(L)"),
    "PRE6": ("performance status (Zubrod), 0-2", "전신 수행 능력(Zubrod), 0~2"),
    "PRE7": ("pain before surgery", "수술 전 통증"),
    "PRE8": ("haemoptysis before surgery", "수술 전 객혈"),
    "PRE9": ("dyspnoea before surgery", "수술 전 호흡곤란"),
    "PRE10": ("cough before surgery", "수술 전 기침"),
    "PRE11": ("weakness before surgery", "수술 전 무력감"),
    "PRE14": ("tumour size, T in TNM, 11-14", "종양 크기(TNM의 T), 11~14"),
    "PRE17": ("type 2 diabetes", "제2형 당뇨병"),
    "PRE19": ("myocardial infarction within 6 months", "6개월 이내 심근경색"),
    "PRE25": ("peripheral arterial disease", "말초동맥질환"),
    "PRE30": ("smoking", "흡연"),
    "PRE32": ("asthma", "천식"),
    "AGE": ("age at surgery (years)", "수술 시 나이(세)"),
    "Risk1Yr": ("died within one year of surgery (1) or not (0)", "수술 후 1년 이내 사망(1) 여부"),
}
#: The yes/no columns (T/F in the ARFF file, 1/0 in the table).
BINARY_COLUMNS = ("PRE7", "PRE8", "PRE9", "PRE10", "PRE11", "PRE17", "PRE19", "PRE25", "PRE30", "PRE32")
#: The measured columns kept as floats by ``as_frame=True`` (the others are integer codes).
FLOAT_COLUMNS = ("PRE4", "PRE5")
