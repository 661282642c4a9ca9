"""Name pools for the demo commune: the ethnic groups of a Lai Châu upland commune.

Family names, middle names by gender, and given names by gender, as people of each group are
commonly named in official lists (Mông and Dao men often carry "A", "Seo", "Láo" as middle names).
"""

from dangbo.members.choices import Ethnicity

NAMES = {
    Ethnicity.KINH: {
        "family": ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
            "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Đinh", "Đào", "Lương",
            "Trịnh", "Phùng", "Tạ", "Cao", "Mai", "Vương", "Lưu"],
        "middle_m": ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Ngọc", "Thanh", "Mạnh",
                     "Tiến", "Công", "Trọng"],
        "middle_f": ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Thùy", "Kim", "Phương",
                     "Bích", "Minh"],
        "given_m": ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hùng", "Huy",
                    "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt",
                    "Vinh", "Ước", "Ơn", "Toàn", "Trung", "Hiếu", "Lộc", "Đức", "Kiên", "Tùng"],
        "given_f": ["Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Hà", "Hạnh", "Hằng", "Hoa",
                    "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh",
                    "Phượng", "Thảo", "Trang", "Uyên", "Yến", "Ân", "Thư", "Vân", "Giang"],
    },
    Ethnicity.THAI: {
        "family": ["Lò", "Lò", "Tòng", "Cầm", "Lường", "Quàng", "Điêu", "Vì", "Lù", "Hoàng", "Lê"],
        "middle_m": ["Văn"],
        "middle_f": ["Thị"],
        "given_m": ["Ơn", "Xiêng", "Pánh", "Thoan", "Ún", "Khằm", "Bun", "Chăn", "Phanh", "Hặc",
                    "Inh", "Lả", "Dũng", "Thương", "Kiên", "Sơn", "Ngọc"],
        "given_f": ["Ánh", "Xuân", "Phanh", "Ín", "Ón", "Mai", "Lả", "Pọm", "Ngoan", "Hương",
                    "Thơm", "Ỏn", "Lan", "Hoa", "Kim"],
    },
    Ethnicity.MONG: {
        "family": ["Giàng", "Giàng", "Sùng", "Thào", "Vàng", "Lý", "Hạng", "Mùa", "Lầu", "Cứ",
                   "Hờ", "Tráng", "Lù"],
        "middle_m": ["A", "A", "Seo", "Văn", "Chá"],
        "middle_f": ["Thị"],
        "given_m": ["Chứ", "Páo", "Dính", "Sử", "Pó", "Dơ", "Lử", "Chang", "Tủa", "Vừ", "Sình",
                    "Chảo", "Lềnh", "Súa"],
        "given_f": ["Mỷ", "Dợ", "Su", "Mai", "Xá", "Chía", "Pà", "Dung", "Lan", "Ly", "Dua"],
    },
    Ethnicity.DAO: {
        "family": ["Tẩn", "Lý", "Phàn", "Chảo", "Triệu", "Đặng", "Bàn"],
        "middle_m": ["Văn", "Láo", "Kiềm", "Lở", "A"],
        "middle_f": ["Thị", "Mẩy"],
        "given_m": ["Lở", "Sài", "Chỉn", "Phin", "Quẩy", "Tả", "Seng", "Chiêu", "Pao"],
        "given_f": ["Mẩy", "Xoang", "Dín", "Nái", "Mai", "Liều", "Sì", "Chài"],
    },
    Ethnicity.GIAY: {
        "family": ["Lù", "Hoàng", "Vàng", "Lò", "Sầm", "Giàng"],
        "middle_m": ["Văn"], "middle_f": ["Thị"],
        "given_m": ["Chấn", "Thình", "Lâm", "Phúc", "Dũng", "Sinh", "Phong"],
        "given_f": ["Mai", "Sính", "Lan", "Hoan", "Hương"],
    },
    Ethnicity.LU: {
        "family": ["Lò", "Tao", "Chẻo", "Lường", "Vàng"],
        "middle_m": ["Văn"], "middle_f": ["Thị"],
        "given_m": ["Khăm", "Pắn", "Chăn", "Xương", "Ón"],
        "given_f": ["Ủng", "Piêng", "Bua", "Ín", "Ỏn"],
    },
    Ethnicity.HOA: {
        "family": ["Vòng", "Lục", "Lâm", "Tằng", "Tô"],
        "middle_m": ["Văn", "A"], "middle_f": ["Thị"],
        "given_m": ["Sáng", "Phát", "Cắm", "Sám", "Hìn"],
        "given_f": ["Múi", "Lìn", "Sìu", "Mai"],
    },
    Ethnicity.TAY: {
        "family": ["Hoàng", "Nông", "Lục", "Ma", "Hà", "Lương"],
        "middle_m": ["Văn"], "middle_f": ["Thị"],
        "given_m": ["Thành", "Hải", "Quyết", "Tài"],
        "given_f": ["Thoa", "Mến", "Nhàn", "Huế"],
    },
}

# Villages (bản) of the demo commune, each with the group most of its people belong to.
VILLAGES = [
    ("Nà Đon", Ethnicity.THAI), ("Nà Bỏ", Ethnicity.THAI), ("Nà Hiêng", Ethnicity.THAI),
    ("Nà Ngò", Ethnicity.THAI), ("Bản Thẳm", Ethnicity.THAI), ("Bản Hon", Ethnicity.THAI),
    ("Bản Bo", Ethnicity.THAI), ("Nà Tăm", Ethnicity.THAI), ("Nà Luồng", Ethnicity.THAI),
    ("Phiêng Ngào", Ethnicity.LU), ("Nà Khum", Ethnicity.LU),
    ("Lở Thàng", Ethnicity.MONG), ("Sùng Phài", Ethnicity.MONG), ("Chu Va", Ethnicity.MONG),
    ("Sin Câu", Ethnicity.MONG), ("Tả Lèng", Ethnicity.MONG), ("Sì Thâu Chải", Ethnicity.MONG),
    ("Lùng Thàng", Ethnicity.MONG), ("Phìn Hồ", Ethnicity.MONG), ("Cò Lá", Ethnicity.MONG),
    ("Hua Bó", Ethnicity.DAO), ("Ho Sao Chải", Ethnicity.DAO), ("Tẩn Pó", Ethnicity.DAO),
    ("Nậm Pậy", Ethnicity.DAO),
    ("Thẩm Phé", Ethnicity.GIAY), ("Bản Lang", Ethnicity.GIAY), ("Nà Cóc", Ethnicity.GIAY),
    ("Tiên Bình", Ethnicity.KINH), ("Hoa Mai", Ethnicity.KINH), ("Hưng Phong", Ethnicity.KINH),
    ("Tân Bình", Ethnicity.KINH), ("Đông Phong", Ethnicity.KINH), ("Bình Giang", Ethnicity.KINH),
    ("Hòa Bình", Ethnicity.KINH), ("Mường Cấu", Ethnicity.HOA),
]

PLACE_SUFFIXES = ["Trên", "Dưới", "Mới", "Giữa", "Đầu", "Cuối"]
