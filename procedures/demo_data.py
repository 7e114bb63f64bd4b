"""Master data for the demo center: 12 provincial departments, the Economic Zone Board, their fields
and procedures. Names follow the national procedures database; codes are illustrative."""

# code, name, short name, kind
AGENCIES = [
    ("H56.01", "Sở Tài chính", "STC", "department"),
    ("H56.02", "Sở Nội vụ", "SNV", "department"),
    ("H56.03", "Sở Tư pháp", "STP", "department"),
    ("H56.04", "Sở Công Thương", "SCT", "department"),
    ("H56.05", "Sở Xây dựng", "SXD", "department"),
    ("H56.06", "Sở Nông nghiệp và Môi trường", "SNNMT", "department"),
    ("H56.07", "Sở Giáo dục và Đào tạo", "SGDĐT", "department"),
    ("H56.08", "Sở Y tế", "SYT", "department"),
    ("H56.09", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "department"),
    ("H56.10", "Sở Khoa học và Công nghệ", "SKHCN", "department"),
    ("H56.11", "Sở Dân tộc và Tôn giáo", "SDTTG", "department"),
    ("H56.12", "Sở Ngoại vụ", "SNgV", "department"),
    ("H56.13", "Ban Quản lý Khu kinh tế tỉnh", "BQLKKT", "board"),
]

# agency code -> [(field, [(procedure name, working days, fee text, fee amount, online level)])]
PROCEDURES = {
    "H56.01": [
        (
            "Thành lập và hoạt động doanh nghiệp",
            [
                ("Đăng ký thành lập doanh nghiệp tư nhân", 3, "Lệ phí 50.000 đồng/lần", 50000, "full"),
                ("Đăng ký thành lập công ty TNHH một thành viên", 3, "Lệ phí 50.000 đồng/lần", 50000, "full"),
                (
                    "Đăng ký thành lập công ty TNHH hai thành viên trở lên",
                    3,
                    "Lệ phí 50.000 đồng/lần",
                    50000,
                    "full",
                ),
                ("Đăng ký thành lập công ty cổ phần", 3, "Lệ phí 50.000 đồng/lần", 50000, "full"),
                (
                    "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp",
                    3,
                    "Lệ phí 50.000 đồng/lần",
                    50000,
                    "full",
                ),
                (
                    "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
                    3,
                    "Lệ phí 50.000 đồng/lần",
                    50000,
                    "full",
                ),
                ("Thông báo tạm ngừng kinh doanh", 3, "Miễn phí", 0, "full"),
                ("Giải thể doanh nghiệp", 5, "Miễn phí", 0, "full"),
                (
                    "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
                    3,
                    "Lệ phí 50.000 đồng/lần",
                    50000,
                    "partial",
                ),
            ],
        ),
        (
            "Quản lý công sản",
            [
                ("Quyết định thanh lý tài sản công", 15, "Không", 0, "partial"),
                ("Xác lập quyền sở hữu toàn dân đối với tài sản", 30, "Không", 0, "none"),
            ],
        ),
        (
            "Đầu tư",
            [
                ("Quyết định chủ trương đầu tư dự án ngoài khu công nghiệp", 35, "Không", 0, "partial"),
            ],
        ),
    ],
    "H56.02": [
        (
            "Tổ chức - Biên chế",
            [
                ("Thẩm định thành lập đơn vị sự nghiệp công lập", 15, "Không", 0, "partial"),
                ("Thẩm định tổ chức lại đơn vị sự nghiệp công lập", 15, "Không", 0, "partial"),
            ],
        ),
        (
            "Thi đua - Khen thưởng",
            [
                ("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 20, "Không", 0, "partial"),
                ("Tặng danh hiệu Tập thể lao động xuất sắc", 20, "Không", 0, "partial"),
            ],
        ),
        (
            "Lao động - Việc làm",
            [
                (
                    "Cấp giấy phép lao động cho người lao động nước ngoài",
                    5,
                    "Phí 600.000 đồng/giấy phép",
                    600000,
                    "full",
                ),
                (
                    "Cấp lại giấy phép lao động cho người lao động nước ngoài",
                    3,
                    "Phí 450.000 đồng/giấy phép",
                    450000,
                    "full",
                ),
                (
                    "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
                    3,
                    "Không",
                    0,
                    "full",
                ),
                ("Đăng ký nội quy lao động của doanh nghiệp", 7, "Không", 0, "partial"),
            ],
        ),
        (
            "Người có công",
            [
                ("Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 12, "Không", 0, "partial"),
                ("Cấp đổi Bằng Tổ quốc ghi công", 20, "Không", 0, "none"),
                (
                    "Công nhận và giải quyết chế độ con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học",
                    20,
                    "Không",
                    0,
                    "none",
                ),
            ],
        ),
        (
            "Tôn giáo - Văn thư lưu trữ",
            [
                ("Cấp bản sao và chứng thực lưu trữ", 2, "Phí theo trang", 5000, "partial"),
            ],
        ),
    ],
    "H56.03": [
        (
            "Lý lịch tư pháp",
            [
                (
                    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                    10,
                    "Phí 200.000 đồng/lần",
                    200000,
                    "full",
                ),
                (
                    "Cấp Phiếu lý lịch tư pháp cho người nước ngoài",
                    15,
                    "Phí 200.000 đồng/lần",
                    200000,
                    "full",
                ),
            ],
        ),
        (
            "Hộ tịch",
            [
                ("Đăng ký khai sinh có yếu tố nước ngoài", 3, "Lệ phí 75.000 đồng", 75000, "partial"),
                ("Đăng ký kết hôn có yếu tố nước ngoài", 10, "Lệ phí 1.500.000 đồng", 1500000, "partial"),
                (
                    "Ghi vào Sổ hộ tịch việc ly hôn đã được giải quyết ở nước ngoài",
                    5,
                    "Lệ phí 75.000 đồng",
                    75000,
                    "partial",
                ),
            ],
        ),
        (
            "Công chứng - Luật sư",
            [
                ("Đăng ký hoạt động Văn phòng công chứng", 10, "Phí 1.000.000 đồng", 1000000, "partial"),
                (
                    "Đăng ký hoạt động của tổ chức hành nghề luật sư",
                    10,
                    "Phí 100.000 đồng",
                    100000,
                    "partial",
                ),
                ("Cấp Thẻ công chứng viên", 10, "Không", 0, "partial"),
            ],
        ),
        (
            "Trợ giúp pháp lý - Bồi thường nhà nước",
            [
                ("Yêu cầu trợ giúp pháp lý", 3, "Miễn phí", 0, "partial"),
                ("Giải quyết yêu cầu bồi thường nhà nước", 30, "Không", 0, "none"),
            ],
        ),
        (
            "Giám định - Đấu giá",
            [
                ("Cấp thẻ đấu giá viên", 10, "Không", 0, "partial"),
            ],
        ),
    ],
    "H56.04": [
        (
            "Lưu thông hàng hóa",
            [
                ("Cấp Giấy phép bán buôn sản phẩm rượu", 10, "Phí 2.200.000 đồng", 2200000, "full"),
                ("Cấp Giấy phép bán lẻ sản phẩm thuốc lá", 10, "Phí 1.100.000 đồng", 1100000, "full"),
                (
                    "Cấp Giấy chứng nhận đủ điều kiện thương nhân kinh doanh xăng dầu",
                    15,
                    "Phí 1.200.000 đồng",
                    1200000,
                    "partial",
                ),
            ],
        ),
        (
            "An toàn thực phẩm",
            [
                (
                    "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm do Sở Công Thương thực hiện",
                    15,
                    "Phí 1.000.000 đồng",
                    1000000,
                    "partial",
                ),
            ],
        ),
        (
            "Điện - Năng lượng",
            [
                ("Cấp giấy phép hoạt động phân phối điện", 15, "Phí 800.000 đồng", 800000, "partial"),
                ("Cấp thẻ kiểm tra viên điện lực", 7, "Không", 0, "full"),
            ],
        ),
        (
            "Xúc tiến thương mại",
            [
                ("Đăng ký thực hiện khuyến mại theo hình thức mang tính may rủi", 7, "Không", 0, "full"),
                ("Thông báo thực hiện khuyến mại", 2, "Không", 0, "full"),
            ],
        ),
        (
            "Hóa chất - Vật liệu nổ",
            [
                (
                    "Cấp Giấy chứng nhận đủ điều kiện sản xuất, kinh doanh hóa chất sản xuất, kinh doanh có điều kiện",
                    12,
                    "Phí 1.200.000 đồng",
                    1200000,
                    "partial",
                ),
                ("Cấp Giấy phép sử dụng vật liệu nổ công nghiệp", 10, "Phí 1.000.000 đồng", 1000000, "none"),
            ],
        ),
        (
            "Thương mại quốc tế",
            [
                (
                    "Cấp Giấy phép thành lập Văn phòng đại diện của thương nhân nước ngoài",
                    7,
                    "Phí 3.000.000 đồng",
                    3000000,
                    "full",
                ),
            ],
        ),
    ],
    "H56.05": [
        (
            "Hoạt động xây dựng",
            [
                (
                    "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
                    20,
                    "Lệ phí 150.000 đồng",
                    150000,
                    "partial",
                ),
                ("Cấp giấy phép sửa chữa, cải tạo công trình", 20, "Lệ phí 150.000 đồng", 150000, "partial"),
                (
                    "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng",
                    30,
                    "Phí thẩm định theo dự toán",
                    0,
                    "partial",
                ),
                (
                    "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
                    20,
                    "Lệ phí 300.000 đồng",
                    300000,
                    "full",
                ),
                ("Cấp chứng chỉ năng lực hoạt động xây dựng", 20, "Lệ phí 1.000.000 đồng", 1000000, "full"),
            ],
        ),
        (
            "Nhà ở - Kinh doanh bất động sản",
            [
                (
                    "Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
                ("Thẩm định giá bán, giá thuê mua nhà ở xã hội", 30, "Không", 0, "none"),
            ],
        ),
        (
            "Giao thông vận tải",
            [
                (
                    "Cấp đổi Giấy phép lái xe do ngành Giao thông vận tải cấp",
                    5,
                    "Lệ phí 135.000 đồng",
                    135000,
                    "full",
                ),
                ("Cấp Giấy phép kinh doanh vận tải bằng xe ô tô", 5, "Phí 200.000 đồng", 200000, "full"),
                ("Cấp phù hiệu xe ô tô kinh doanh vận tải", 2, "Không", 0, "full"),
                ("Cấp Giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn", 2, "Không", 0, "full"),
                (
                    "Chấp thuận xây dựng cùng thời điểm với cấp phép thi công công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông",
                    7,
                    "Không",
                    0,
                    "partial",
                ),
            ],
        ),
    ],
    "H56.06": [
        (
            "Đất đai",
            [
                (
                    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                    10,
                    "Lệ phí theo quy định của HĐND tỉnh",
                    100000,
                    "partial",
                ),
                (
                    "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho tổ chức",
                    20,
                    "Lệ phí 500.000 đồng",
                    500000,
                    "partial",
                ),
                ("Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất", 20, "Không", 0, "none"),
                (
                    "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
                    15,
                    "Không",
                    0,
                    "none",
                ),
                ("Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế", 7, "Không", 0, "partial"),
            ],
        ),
        (
            "Môi trường",
            [
                ("Cấp giấy phép môi trường", 20, "Phí thẩm định theo quy định", 0, "partial"),
                (
                    "Thẩm định báo cáo đánh giá tác động môi trường",
                    25,
                    "Phí thẩm định theo quy định",
                    0,
                    "partial",
                ),
            ],
        ),
        (
            "Tài nguyên nước - Khoáng sản",
            [
                ("Cấp giấy phép khai thác nước dưới đất", 30, "Phí thẩm định theo quy định", 0, "partial"),
                ("Cấp giấy phép khai thác khoáng sản", 45, "Phí thẩm định theo quy định", 0, "none"),
            ],
        ),
        (
            "Trồng trọt - Bảo vệ thực vật - Thú y",
            [
                (
                    "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
                    15,
                    "Phí 500.000 đồng",
                    500000,
                    "full",
                ),
                (
                    "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
                    10,
                    "Phí 230.000 đồng",
                    230000,
                    "full",
                ),
                (
                    "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông, lâm, thủy sản",
                    15,
                    "Phí 700.000 đồng",
                    700000,
                    "partial",
                ),
            ],
        ),
        (
            "Thủy sản - Lâm nghiệp",
            [
                ("Cấp văn bản chấp thuận đóng mới, cải hoán tàu cá", 3, "Không", 0, "partial"),
                ("Phê duyệt phương án khai thác thực vật rừng thông thường", 10, "Không", 0, "none"),
            ],
        ),
    ],
    "H56.07": [
        (
            "Giáo dục và Đào tạo",
            [
                ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, "Phí theo trang", 3000, "full"),
                ("Chỉnh sửa nội dung văn bằng, chứng chỉ", 5, "Không", 0, "partial"),
                (
                    "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
                    20,
                    "Không",
                    0,
                    "partial",
                ),
                ("Cho phép trường trung học phổ thông hoạt động giáo dục", 20, "Không", 0, "none"),
                ("Thành lập trung tâm ngoại ngữ, tin học", 20, "Không", 0, "partial"),
                (
                    "Cấp phép hoạt động giáo dục kỹ năng sống và hoạt động giáo dục ngoài giờ chính khóa",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
                ("Đăng ký dạy thêm, học thêm ngoài nhà trường", 7, "Không", 0, "full"),
                ("Chuyển trường đối với học sinh trung học phổ thông", 3, "Không", 0, "full"),
                ("Xét tặng danh hiệu Nhà giáo Nhân dân, Nhà giáo Ưu tú", 30, "Không", 0, "none"),
                ("Công nhận trường mầm non đạt chuẩn quốc gia", 30, "Không", 0, "none"),
                ("Cấp giấy chứng nhận kiểm định chất lượng giáo dục", 30, "Không", 0, "none"),
            ],
        ),
    ],
    "H56.08": [
        (
            "Khám bệnh, chữa bệnh",
            [
                (
                    "Cấp giấy phép hành nghề khám bệnh, chữa bệnh đối với bác sĩ",
                    20,
                    "Phí 360.000 đồng",
                    360000,
                    "full",
                ),
                (
                    "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa",
                    60,
                    "Phí 4.300.000 đồng",
                    4300000,
                    "partial",
                ),
                ("Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh", 20, "Phí 360.000 đồng", 360000, "full"),
            ],
        ),
        (
            "Dược phẩm",
            [
                ("Cấp Chứng chỉ hành nghề dược", 20, "Phí 500.000 đồng", 500000, "full"),
                (
                    "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho nhà thuốc",
                    20,
                    "Phí 1.000.000 đồng",
                    1000000,
                    "partial",
                ),
                ("Cấp giấy xác nhận nội dung quảng cáo thuốc", 10, "Phí 1.600.000 đồng", 1600000, "full"),
            ],
        ),
        (
            "An toàn thực phẩm và dinh dưỡng",
            [
                (
                    "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống",
                    15,
                    "Phí 700.000 đồng",
                    700000,
                    "partial",
                ),
                ("Đăng ký bản công bố sản phẩm dinh dưỡng y học", 7, "Phí 1.500.000 đồng", 1500000, "full"),
            ],
        ),
        (
            "Y tế dự phòng - Trang thiết bị y tế",
            [
                (
                    "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
                    3,
                    "Phí 3.000.000 đồng",
                    3000000,
                    "full",
                ),
                ("Công bố cơ sở đủ điều kiện tiêm chủng", 3, "Không", 0, "full"),
                ("Cấp giấy chứng nhận lương y", 20, "Không", 0, "none"),
            ],
        ),
    ],
    "H56.09": [
        (
            "Văn hóa - Nghệ thuật biểu diễn",
            [
                ("Cấp giấy phép kinh doanh dịch vụ karaoke", 5, "Phí 4.000.000 đồng", 4000000, "full"),
                ("Chấp thuận tổ chức biểu diễn nghệ thuật", 5, "Phí theo thời lượng", 1500000, "full"),
                ("Cấp giấy phép phổ biến phim", 15, "Phí theo thời lượng", 0, "partial"),
                ("Cấp giấy phép tổ chức lễ hội", 15, "Không", 0, "partial"),
                ("Cấp phép nhập khẩu văn hóa phẩm không nhằm mục đích kinh doanh", 7, "Không", 0, "partial"),
            ],
        ),
        (
            "Du lịch",
            [
                (
                    "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
                    10,
                    "Phí 3.000.000 đồng",
                    3000000,
                    "full",
                ),
                ("Cấp thẻ hướng dẫn viên du lịch nội địa", 10, "Phí 200.000 đồng", 200000, "full"),
                (
                    "Công nhận hạng cơ sở lưu trú du lịch 1 sao, 2 sao, 3 sao",
                    30,
                    "Phí 2.000.000 đồng",
                    2000000,
                    "partial",
                ),
            ],
        ),
        (
            "Thể dục thể thao",
            [
                (
                    "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
                    7,
                    "Phí 500.000 đồng",
                    500000,
                    "partial",
                ),
                ("Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh", 15, "Không", 0, "none"),
            ],
        ),
        (
            "Gia đình - Thư viện",
            [
                (
                    "Cấp Giấy chứng nhận đăng ký hoạt động cơ sở hỗ trợ nạn nhân bạo lực gia đình",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
            ],
        ),
    ],
    "H56.10": [
        (
            "Thông tin - Truyền thông",
            [
                ("Cấp giấy phép xuất bản bản tin", 15, "Không", 0, "full"),
                ("Cấp giấy phép hoạt động in", 7, "Không", 0, "partial"),
                ("Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", 10, "Không", 0, "full"),
                ("Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm", 7, "Không", 0, "partial"),
            ],
        ),
        (
            "Bưu chính - Viễn thông",
            [
                ("Cấp giấy phép bưu chính", 20, "Phí 2.500.000 đồng", 2500000, "partial"),
            ],
        ),
        (
            "Khoa học công nghệ",
            [
                ("Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", 15, "Không", 0, "partial"),
                ("Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ", 7, "Không", 0, "partial"),
                (
                    "Cấp giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán trong y tế",
                    15,
                    "Phí 2.000.000 đồng",
                    2000000,
                    "partial",
                ),
                ("Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", 10, "Không", 0, "full"),
            ],
        ),
        (
            "Tiêu chuẩn - Đo lường - Chất lượng",
            [
                (
                    "Chứng nhận chuẩn đo lường để thực hiện kiểm định",
                    10,
                    "Phí 1.000.000 đồng",
                    1000000,
                    "partial",
                ),
                (
                    "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
                    5,
                    "Phí 150.000 đồng",
                    150000,
                    "full",
                ),
                (
                    "Cấp Giấy xác nhận đăng ký lĩnh vực hoạt động xét tặng giải thưởng chất lượng",
                    7,
                    "Không",
                    0,
                    "partial",
                ),
            ],
        ),
    ],
    "H56.11": [
        (
            "Tôn giáo",
            [
                ("Đăng ký hoạt động tín ngưỡng", 15, "Không", 0, "partial"),
                ("Đăng ký sinh hoạt tôn giáo tập trung", 20, "Không", 0, "partial"),
                (
                    "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo có quy mô tổ chức ở một huyện",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
                ("Thông báo người được phong phẩm hoặc suy cử làm chức sắc", 10, "Không", 0, "partial"),
                (
                    "Đăng ký mở lớp bồi dưỡng về tôn giáo cho người chuyên hoạt động tôn giáo",
                    20,
                    "Không",
                    0,
                    "none",
                ),
                ("Đề nghị sửa đổi hiến chương của tổ chức tôn giáo", 30, "Không", 0, "none"),
            ],
        ),
        (
            "Công tác dân tộc",
            [
                ("Công nhận người có uy tín trong đồng bào dân tộc thiểu số", 20, "Không", 0, "none"),
                (
                    "Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số",
                    10,
                    "Không",
                    0,
                    "none",
                ),
                ("Xét hỗ trợ đào tạo cử tuyển đối với học sinh dân tộc thiểu số", 20, "Không", 0, "none"),
                (
                    "Thẩm định đề án hỗ trợ phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số",
                    25,
                    "Không",
                    0,
                    "none",
                ),
                ("Xác nhận thôn đặc biệt khó khăn vùng đồng bào dân tộc thiểu số", 15, "Không", 0, "none"),
            ],
        ),
    ],
    "H56.12": [
        (
            "Công tác lãnh sự - Hợp tác quốc tế",
            [
                (
                    "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch UBND tỉnh",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
                ("Cho phép sử dụng thẻ ABTC của doanh nhân", 10, "Không", 0, "full"),
                ("Xin phép xuất cảnh đi nước ngoài của cán bộ, công chức", 5, "Không", 0, "partial"),
                ("Đăng ký hoạt động của tổ chức phi chính phủ nước ngoài", 30, "Không", 0, "none"),
                (
                    "Gia hạn giấy đăng ký hoạt động dự án của tổ chức phi chính phủ nước ngoài",
                    20,
                    "Không",
                    0,
                    "none",
                ),
                ("Tiếp nhận hồ sơ đề nghị cấp hộ chiếu công vụ", 5, "Không", 0, "partial"),
                ("Thông báo ký kết thỏa thuận quốc tế của tổ chức địa phương", 10, "Không", 0, "partial"),
                ("Cho phép phóng viên nước ngoài hoạt động báo chí tại tỉnh", 7, "Không", 0, "partial"),
                (
                    "Thẩm định viện trợ không hoàn lại không thuộc hỗ trợ phát triển chính thức",
                    30,
                    "Không",
                    0,
                    "none",
                ),
                ("Cho phép đón đoàn khách nước ngoài vào làm việc tại tỉnh", 7, "Không", 0, "partial"),
                ("Chứng nhận lãnh sự giấy tờ để sử dụng ở nước ngoài", 1, "Phí 30.000 đồng", 30000, "full"),
            ],
        ),
    ],
    "H56.13": [
        (
            "Đầu tư - Khu kinh tế",
            [
                (
                    "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư",
                    15,
                    "Không",
                    0,
                    "full",
                ),
                ("Điều chỉnh Giấy chứng nhận đăng ký đầu tư", 10, "Không", 0, "full"),
                ("Chấp thuận chủ trương đầu tư dự án trong khu kinh tế", 35, "Không", 0, "partial"),
                ("Giãn tiến độ thực hiện dự án đầu tư", 15, "Không", 0, "partial"),
                ("Chấm dứt hoạt động dự án đầu tư", 15, "Không", 0, "partial"),
            ],
        ),
        (
            "Lao động - Xây dựng trong khu kinh tế",
            [
                (
                    "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu kinh tế",
                    5,
                    "Phí 600.000 đồng",
                    600000,
                    "full",
                ),
                (
                    "Cấp giấy phép xây dựng công trình trong khu công nghiệp",
                    20,
                    "Lệ phí 150.000 đồng",
                    150000,
                    "partial",
                ),
                (
                    "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
                    30,
                    "Phí thẩm định theo dự toán",
                    0,
                    "partial",
                ),
            ],
        ),
        (
            "Thương mại - Xuất nhập khẩu",
            [
                ("Cấp Giấy chứng nhận xuất xứ hàng hóa ưu đãi (C/O)", 1, "Phí 50.000 đồng/bộ", 50000, "full"),
                (
                    "Cấp Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài",
                    10,
                    "Phí 2.000.000 đồng",
                    2000000,
                    "full",
                ),
                (
                    "Cấp Giấy xác nhận ưu đãi dự án sản xuất sản phẩm công nghiệp hỗ trợ",
                    15,
                    "Không",
                    0,
                    "partial",
                ),
            ],
        ),
        (
            "Môi trường trong khu kinh tế",
            [
                (
                    "Cấp giấy phép môi trường cho dự án trong khu kinh tế",
                    20,
                    "Phí thẩm định theo quy định",
                    0,
                    "partial",
                ),
            ],
        ),
    ],
}

# Inter-agency chains (một cửa liên thông): procedure name -> [(agency code, working days)]
CHAINS = {
    "Quyết định chủ trương đầu tư dự án ngoài khu công nghiệp": [
        ("H56.01", 15),
        ("H56.06", 10),
        ("H56.05", 10),
    ],
    "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất": [("H56.06", 15), ("H56.01", 5)],
    "Chấp thuận chủ trương đầu tư dự án trong khu kinh tế": [("H56.13", 20), ("H56.06", 10), ("H56.05", 5)],
    "Cấp giấy phép hoạt động đối với phòng khám chuyên khoa": [("H56.08", 50), ("H56.05", 10)],
}

# Documents by keyword in the procedure's field, most procedures share a familiar core.
COMMON_DOCUMENTS = [
    ("Đơn đề nghị theo mẫu", 1, 0, False),
    ("Bản sao Căn cước của người đề nghị", 0, 1, False),
]
FIELD_DOCUMENTS = {
    "doanh nghiệp": [
        ("Điều lệ công ty", 1, 0, False),
        ("Danh sách thành viên/cổ đông sáng lập", 1, 0, False),
        ("Giấy ủy quyền cho người nộp hồ sơ", 1, 0, True),
    ],
    "Đất đai": [
        ("Giấy chứng nhận quyền sử dụng đất đã cấp", 1, 0, False),
        ("Trích lục bản đồ địa chính", 1, 0, False),
        ("Hợp đồng chuyển nhượng đã công chứng", 1, 0, True),
    ],
    "xây dựng": [
        ("Bản vẽ thiết kế xây dựng", 2, 0, False),
        ("Giấy tờ về quyền sử dụng đất", 0, 1, False),
        ("Báo cáo kết quả thẩm định thiết kế", 0, 1, True),
    ],
    "Lao động": [
        ("Giấy chứng nhận sức khỏe", 1, 0, False),
        ("Phiếu lý lịch tư pháp", 1, 0, False),
        ("Văn bằng, chứng chỉ chuyên môn", 0, 1, False),
        ("Ảnh màu 4x6 cm", 2, 0, False),
    ],
    "Khám bệnh": [
        ("Văn bằng chuyên môn", 0, 1, False),
        ("Giấy xác nhận quá trình thực hành", 1, 0, False),
        ("Giấy chứng nhận sức khỏe", 1, 0, False),
    ],
    "Môi trường": [
        ("Báo cáo đề xuất cấp giấy phép môi trường", 1, 0, False),
        ("Báo cáo nghiên cứu khả thi của dự án", 0, 1, False),
    ],
    "Hộ tịch": [("Tờ khai theo mẫu", 1, 0, False), ("Giấy tờ chứng minh nơi cư trú", 0, 1, False)],
    "Đầu tư": [
        ("Văn bản đề nghị thực hiện dự án đầu tư", 1, 0, False),
        ("Đề xuất dự án đầu tư", 1, 0, False),
        ("Báo cáo tài chính 2 năm gần nhất", 0, 1, False),
    ],
}
LEGAL_BASIS = {
    "H56.01": "Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp",
    "H56.02": "Luật Lao động 2019; Nghị định 219/2025/NĐ-CP; Luật Thi đua, khen thưởng 2022",
    "H56.03": "Luật Lý lịch tư pháp 2009; Luật Hộ tịch 2014; Luật Công chứng 2024",
    "H56.04": "Luật Thương mại 2005; Nghị định 105/2017/NĐ-CP; Luật Hóa chất 2025",
    "H56.05": "Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 175/2024/NĐ-CP",
    "H56.06": "Luật Đất đai 2024; Luật Bảo vệ môi trường 2020; Nghị định 102/2024/NĐ-CP",
    "H56.07": "Luật Giáo dục 2019; Thông tư 21/2019/TT-BGDĐT",
    "H56.08": "Luật Khám bệnh, chữa bệnh 2023; Luật Dược 2016 (sửa đổi 2024)",
    "H56.09": "Luật Du lịch 2017; Nghị định 144/2020/NĐ-CP",
    "H56.10": "Luật Khoa học và Công nghệ 2013; Luật Báo chí 2016",
    "H56.11": "Luật Tín ngưỡng, tôn giáo 2016; Nghị định 95/2023/NĐ-CP",
    "H56.12": "Nghị định 111/2011/NĐ-CP về chứng nhận lãnh sự; Quyết định 06/2020/QĐ-TTg",
    "H56.13": "Luật Đầu tư 2020; Nghị định 35/2022/NĐ-CP về khu công nghiệp, khu kinh tế",
}
